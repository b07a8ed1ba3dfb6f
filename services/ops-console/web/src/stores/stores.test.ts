import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { useDraft, useDrafts } from './drafts';
import { useSession } from './session';

describe('the session and the drafts', () => {
  beforeEach(() => {
    sessionStorage.clear();
    setActivePinia(createPinia());
  });

  it('keeps the token in this tab only, and forgets it on sign-out', () => {
    const session = useSession();
    session.signIn('t0k3n', {
      role: 'clerk',
      subject: 'clerk-1',
      centerId: 'anlizha-village',
      departmentId: null,
    });
    expect(sessionStorage.getItem('chuishao.token')).toBe('t0k3n');
    setActivePinia(createPinia()); // a reload of the page
    expect(useSession().principal?.centerId).toBe('anlizha-village');
    useSession().signOut();
    expect(sessionStorage.getItem('chuishao.token')).toBeNull();
  });

  it('keeps a half-typed form through an expired sign-in and a reload, until it is discarded', async () => {
    const { form } = useDraft('register-case', () => ({ summary: '', headcount: 1 }));
    form.value.summary = '道路交通事故';
    await nextTick();
    useSession().signOut(); // the token expired: the person signs in again
    setActivePinia(createPinia());
    const again = useDraft('register-case', () => ({ summary: '', headcount: 1 }));
    expect(again.form.value).toEqual({ summary: '道路交通事故', headcount: 1 });
    again.discard();
    expect(useDrafts().load('register-case', () => ({ summary: '' }))).toEqual({ summary: '' });
  });
});
