// The audience Q&A as an item of the deck. While it is on, the server opens the room's Q&A panel
// and puts it on the screen (qna-present.js draws it beside the prompt; qna-phone.js lets phones
// ask and upvote): this module only says so, it adds no Q&A code of its own.
import { el, tr } from '../common.js';
import { register } from './index.js';

export const form = {
  build: () => [],
  collect() {
    throw new Error('the Q&A item takes no answers');
  },
};

/** What the phone shows above the Q&A panel. */
export const screen = () => [el('p', { class: 'note' }, tr('phone.qna_item_hint'))];

export const rows = () => [];

export const optionIds = () => null;

export const view = {
  className: () => 'qna-item',
  build: () => [el('p', { class: 'notice-hint' }, tr('present.qna_item_hint'))],
  update() {},
};

export const editor = {
  options: null,
  summary: () => [tr('dash.summary_qna')],
  fields: () => ({ nodes: [], read: () => ({}) }),
};

register('qna', { form, rows, optionIds, view, editor, screen, answered: false, opensQna: true });
