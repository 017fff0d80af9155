/** One confirmation question at a time ("Close BTCUSD long 0.5?"), answered in a dialog; the caller awaits the answer. */
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';

export interface Question {
  readonly title: string;
  readonly message: string;
  readonly confirmLabel: string;
  readonly danger: boolean;
  readonly answer: (yes: boolean) => void;
}

export const useConfirmStore = defineStore('confirm', () => {
  const question = shallowRef<Question | null>(null);

  function ask(title: string, message: string, confirmLabel: string, danger = true): Promise<boolean> {
    question.value?.answer(false);
    return new Promise((resolve) => {
      question.value = {
        title,
        message,
        confirmLabel,
        danger,
        answer: (yes) => {
          question.value = null;
          resolve(yes);
        },
      };
    });
  }

  return { question, ask };
});
