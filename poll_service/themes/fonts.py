"""The fonts a theme may choose: system font stacks only (fonts already on the viewer's device,
after https://modernfontstacks.com, CC0). No web font is fetched, so no page gets heavier and no
font CDN learns who is in the room."""

FONT_STACKS: dict[str, str] = {
    "system": 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    "humanist": 'Seravek, "Gill Sans Nova", Ubuntu, Calibri, "DejaVu Sans", source-sans-pro, sans-serif',
    "wide": 'Verdana, "DejaVu Sans", "Bitstream Vera Sans", Geneva, sans-serif',
    "rounded": 'ui-rounded, "Hiragino Maru Gothic ProN", Quicksand, Comfortaa, Manjari, '
    '"Arial Rounded MT", "Arial Rounded MT Bold", Calibri, source-sans-pro, sans-serif',
    "serif": 'Charter, "Bitstream Charter", "Sitka Text", Cambria, "DejaVu Serif", serif',
    "old_style": '"Iowan Old Style", "Palatino Linotype", "URW Palladio L", P052, serif',
    "monospace": 'ui-monospace, "Cascadia Code", "Source Code Pro", Menlo, Consolas, '
    '"DejaVu Sans Mono", monospace',
}

FONT_NAMES: dict[str, str] = {
    "system": "System (the device's own)",
    "humanist": "Humanist sans",
    "wide": "Wide sans (Verdana)",
    "rounded": "Rounded sans",
    "serif": "Serif (Charter)",
    "old_style": "Old-style serif (Palatino)",
    "monospace": "Monospace",
}
