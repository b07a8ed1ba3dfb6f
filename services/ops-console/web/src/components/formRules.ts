import type { FormItemRule } from 'element-plus';
import { isMainlandMobile, isResidentIdNumber } from '../domain/validators';

type Translate = (key: string) => string;

/** Checked as the person types (Element Plus validates on every change of the value). */
export function partyRules(t: Translate): Record<string, FormItemRule[]> {
  return {
    name: [{ required: true, message: t('validation.required'), trigger: 'change' }],
    idNumber: [
      {
        trigger: 'change',
        validator: (_rule, value: string, callback) =>
          !value || isResidentIdNumber(value) ? callback() : callback(new Error(t('validation.idNumber'))),
      },
    ],
    phone: [
      {
        trigger: 'change',
        validator: (_rule, value: string, callback) =>
          !value || isMainlandMobile(value) ? callback() : callback(new Error(t('validation.phone'))),
      },
    ],
  };
}
