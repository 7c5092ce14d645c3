// Image choice: multiple choice whose options are pictures with labels. A grid of pictures to tap
// on the phone (radio buttons or check boxes underneath: keyboard operable, and the same form
// works without scripts), the pictures beside the bars on the presenter screen.
import { el, tr } from '../common.js';
import { register } from './index.js';
import { buildPictureBars, picture, updateBars } from './kit.js';
import { choiceFields, choiceForm, instant, picksSummary, rows } from './multiple_choice.js';

export const choice = true;
export { instant };

export const form = choiceForm(
  (o) => [picture(o.image, { phone: true, className: 'pic-img' }) || el('span', { class: 'pic-img none', 'aria-hidden': 'true' }), el('span', { class: 'pic-label' }, o.label)],
  true,
);

export const optionIds = (tally) => Object.keys(tally.counts || {});

export const view = {
  // More than six pictures: two columns of bars, so each picture stays large enough to see.
  className: (q) => `bars pictures${q.options.length > 6 ? ' many columns' : ''}`,
  build: (q) => buildPictureBars(q),
  update(q, tally, total, chart) {
    updateBars(chart, tally.counts || {}, total);
  },
};

// The dashboard's editor: options with a picture each (question-form.js draws the pickers).
export const editor = {
  options: { min: 2, max: 12, legend: 'dash.picture_options', label: 'dash.option_label', add: 'dash.add_option', few: 'dash.error_options', pictures: true },
  summary: (q) => [tr('dash.type_image_choice'), tr('dash.summary_pictures', { n: q.options.length }), picksSummary(q)],
  fields: (settings, f) => choiceFields(settings, f, 12, false),
};

register('image_choice', { choice, instant, form, rows, optionIds, view, editor });
