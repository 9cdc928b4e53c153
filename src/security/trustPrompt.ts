// Why: one place where "may the app use these endpoints?" is asked and answered. Code that needs an answer
// awaits request(); the dialog subscribes and answers. Requests queue, so two asks never overlap.

export interface TrustRequest {
  /** Host names the user must confirm (see hostsNeedingConfirmation). */
  hosts: string[];
  ws: string;
  rest: string;
  /** Where the endpoints came from, for the dialog's wording. */
  origin: 'link' | 'file';
}

interface Pending extends TrustRequest {
  answer: (yes: boolean) => void;
}

export interface TrustPrompt {
  /** Resolves true when the user confirmed, false when they refused. */
  request(req: TrustRequest): Promise<boolean>;
  current(): TrustRequest | null;
  answer(yes: boolean): void;
  subscribe(listener: () => void): () => void;
}

export function createTrustPrompt(): TrustPrompt {
  const queue: Pending[] = [];
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());
  return {
    request(req) {
      return new Promise<boolean>((resolve) => {
        queue.push({ ...req, hosts: [...req.hosts], answer: resolve });
        if (queue.length === 1) notify();
      });
    },
    current() {
      return queue[0] ?? null;
    },
    answer(yes) {
      const head = queue.shift();
      if (!head) return;
      head.answer(yes);
      notify();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The app's prompt, answered by <TrustDialog />. */
export const trustPrompt: TrustPrompt = createTrustPrompt();
