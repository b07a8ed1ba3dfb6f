import { defineStore } from 'pinia';
import { ref, watch, type Ref } from 'vue';

const PREFIX = 'chuishao.draft.';

/**
 * Half-typed forms survive an expired sign-in (and a reload): each form keeps its draft in the
 * store, mirrored to sessionStorage, until it is submitted.
 */
export const useDrafts = defineStore('drafts', () => {
  const drafts = ref<Record<string, unknown>>({});

  function load<T>(name: string, initial: () => T): T {
    if (name in drafts.value) return drafts.value[name] as T;
    const saved = sessionStorage.getItem(PREFIX + name);
    return saved ? ({ ...initial(), ...(JSON.parse(saved) as T) } as T) : initial();
  }

  function save(name: string, value: unknown): void {
    drafts.value[name] = value;
    sessionStorage.setItem(PREFIX + name, JSON.stringify(value));
  }

  function clear(name: string): void {
    delete drafts.value[name];
    sessionStorage.removeItem(PREFIX + name);
  }

  return { drafts, load, save, clear };
});

/** A reactive form whose every change is kept as the named draft. */
export function useDraft<T extends object>(
  name: string,
  initial: () => T,
): { form: Ref<T>; discard: () => void } {
  const store = useDrafts();
  const form = ref(store.load(name, initial)) as Ref<T>;
  watch(form, (value) => store.save(name, value), { deep: true });
  return {
    form,
    discard: () => {
      store.clear(name);
      form.value = initial();
    },
  };
}
