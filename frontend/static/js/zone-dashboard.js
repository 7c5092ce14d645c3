// Time zones on the dashboard: a presentation's own zone (settings.time_zone, null for the
// server's POLL_TIME_ZONE) and times shown in it, with the zone named ("24 Nov 2026, 20:04 CET").
import { el, tr } from './common.js';

const serverZone = document.body.dataset.timeZone || 'UTC';

/** The zone a presentation's times are shown in. */
export function zoneOf(presentation) {
  return presentation?.settings?.time_zone || serverZone;
}

/** A moment (ISO 8601, UTC) in `zone`, with the zone's short name. */
export function localTime(iso, zone, lang) {
  const options = { dateStyle: 'medium', timeStyle: 'short' };
  const date = new Date(iso);
  try {
    const text = date.toLocaleString(lang, { ...options, timeZone: zone });
    const name = new Intl.DateTimeFormat(lang, { timeZone: zone, timeZoneName: 'short' })
      .formatToParts(date)
      .find((part) => part.type === 'timeZoneName');
    return name ? `${text} ${name.value}` : text;
  } catch {
    return date.toLocaleString(lang, options); // a zone this browser does not know
  }
}

/** The presentation's zone: "the server's default (Europe/Amsterdam)" or one of the IANA zones. */
export function zoneField(id, value) {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  if (value && !zones.includes(value)) zones.unshift(value);
  const select = el(
    'select',
    { id, 'aria-describedby': `${id}-help` },
    el('option', { value: '', selected: !value }, tr('dash.time_zone_default', { zone: serverZone })),
    zones.map((zone) => el('option', { value: zone, selected: zone === value }, zone.replaceAll('_', ' '))),
  );
  const field = el(
    'div',
    { class: 'field' },
    el('label', { class: 'label', for: id }, tr('dash.time_zone')),
    select,
    el('p', { class: 'help', id: `${id}-help` }, tr('dash.time_zone_help')),
  );
  field.read = () => select.value || null;
  return field;
}
