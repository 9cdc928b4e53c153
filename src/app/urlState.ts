// Why: a shared link or a test must be able to open the app on a given endpoint and view. Parsing is pure
// so every rule (what is accepted, what is refused and why) is unit-tested.
import { checkRestBase, checkWsBase } from './endpoints';
import { parseViewParams, type ViewSettings } from './view';

export { REPLAY_SPEEDS, type ReplaySpeed } from './view';

export interface UrlState {
  ws?: string;
  rest?: string;
  view: Partial<ViewSettings>;
}

export interface ParsedUrlState {
  state: UrlState;
  /** One message per refused parameter; the rest of the URL still applies. */
  errors: string[];
}

export function parseUrlState(search: string): ParsedUrlState {
  const params = new URLSearchParams(search);
  const { view, errors } = parseViewParams(params);
  const state: UrlState = { view };
  const ws = params.get('ws');
  if (ws !== null) {
    const checked = checkWsBase(ws);
    if (checked.ok) state.ws = checked.value;
    else errors.unshift(`?ws= refused: ${checked.message}`);
  }
  const rest = params.get('rest');
  if (rest !== null) {
    const checked = checkRestBase(rest);
    if (checked.ok) state.rest = checked.value;
    else errors.unshift(`?rest= refused: ${checked.message}`);
  }
  return { state, errors };
}
