import { defineStore } from 'pinia';
import { computed, ref } from 'vue';

export type Role = 'clerk' | 'operator' | 'liaison' | 'mediator' | 'supervisor' | 'ops';

export interface Principal {
  role: Role;
  subject: string;
  centerId: string | null;
  departmentId: string | null;
}

const TOKEN_KEY = 'chuishao.token';
const PRINCIPAL_KEY = 'chuishao.principal';

/** Where each role starts. */
export const HOME: Record<Role, string> = {
  clerk: '/clerk',
  operator: '/operator',
  liaison: '/liaison',
  mediator: '/mediator',
  supervisor: '/board',
  ops: '/board',
};

/** The bearer token lives in this tab's sessionStorage: closing the tab signs the person out. */
export const useSession = defineStore('session', () => {
  const token = ref<string | null>(sessionStorage.getItem(TOKEN_KEY));
  const stored = sessionStorage.getItem(PRINCIPAL_KEY);
  const principal = ref<Principal | null>(stored ? (JSON.parse(stored) as Principal) : null);
  const signedIn = computed(() => token.value !== null && principal.value !== null);

  function signIn(newToken: string, who: Principal): void {
    token.value = newToken;
    principal.value = who;
    sessionStorage.setItem(TOKEN_KEY, newToken);
    sessionStorage.setItem(PRINCIPAL_KEY, JSON.stringify(who));
  }

  function signOut(): void {
    token.value = null;
    principal.value = null;
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(PRINCIPAL_KEY);
  }

  return { token, principal, signedIn, signIn, signOut };
});
