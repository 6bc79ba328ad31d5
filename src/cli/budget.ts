// --max-budget-usd: once the session's cost passes the budget, the turn in progress stops (checked after each
// model answer, when its cost is known) and the result says error_max_budget_usd.
import type { Session } from '../engine/session';
import type { CostLike } from '../engine/services';

export interface BudgetWatch {
  exceeded(): boolean;
  /** Marks a result line as over budget when it is. */
  apply(line: Record<string, unknown>): void;
}

export function watchBudget(session: Session, costs: CostLike, maxUsd: number): BudgetWatch {
  let over = false;
  session.subscribe((event) => {
    // The cost is counted when the answer's usage arrives (the 'usage' event), after the answer's last block.
    if ((event.type !== 'usage' && event.type !== 'assistant_done') || over) return;
    if (costs.total().costUsd >= maxUsd) {
      over = true;
      session.abort();
    }
  });
  return {
    exceeded: () => over,
    apply: (line) => {
      if (over) Object.assign(line, { subtype: 'error_max_budget_usd', is_error: true, errors: [`Reached the maximum budget of $${maxUsd} (spent $${costs.total().costUsd.toFixed(4)})`] });
    },
  };
}
