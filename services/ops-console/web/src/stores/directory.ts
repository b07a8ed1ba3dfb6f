import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { api } from '../api/client';

interface Named {
  id: string;
  name: string;
  nameZh: string;
}
export interface Department extends Named {
  kind: string;
  centerIds: string[];
}
export interface Center extends Named {
  tier: string;
  parentId: string | null;
}

/** Departments and centers, read once per sign-in, named in the reader's language. */
export const useDirectory = defineStore('directory', () => {
  const departments = ref<Department[]>([]);
  const centers = ref<Center[]>([]);
  let loading: Promise<void> | null = null;

  function load(): Promise<void> {
    loading ??= Promise.all([
      api<{ items: Department[] }>('department', '/departments').then((r) => (departments.value = r.items)),
      api<{ items: Center[] }>('intake', '/centers').then((r) => (centers.value = r.items)),
    ])
      .then(() => undefined)
      .catch(() => {
        // Asked again shortly: until then pages show ids, never nothing.
        loading = null;
        setTimeout(() => void load(), 2000);
      });
    return loading;
  }

  return { departments, centers, load };
});

/** `name(id)` in the current language; the id itself only while the directory loads. */
export function useNames() {
  const directory = useDirectory();
  const { locale } = useI18n();
  void directory.load();
  const pick = (item: Named | undefined, id: string) =>
    item ? (locale.value === 'en' ? item.name : item.nameZh) : id;
  return {
    department: (id: string) =>
      pick(
        directory.departments.find((d) => d.id === id),
        id,
      ),
    center: (id: string) =>
      pick(
        directory.centers.find((c) => c.id === id),
        id,
      ),
    directory,
  };
}
