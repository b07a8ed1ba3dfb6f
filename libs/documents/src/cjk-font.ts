import { existsSync } from 'node:fs';

/** A font holding the Chinese glyphs, embedded (subset) into every PDF: a TTF/OTF, or one face of a TTC. */
export interface CjkFont {
  path: string;
  /** The PostScript name of the face inside a collection (.ttc); none for a single-face file. */
  face?: string;
}

/**
 * Where Debian puts the CJK fonts, first found wins: fonts-wqy-zenhei (what CI and the images
 * install, .ci/run and deploy/docker/Dockerfile), then fonts-noto-cjk and fonts-wqy-microhei.
 */
export const CJK_FONT_CANDIDATES: readonly CjkFont[] = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', face: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', face: 'NotoSerifCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', face: 'WenQuanYiMicroHei' },
];

/** The variables naming the font (README "The CJK font"). */
export const CJK_FONT_VARIABLE = 'DOCUMENT_CJK_FONT';
export const CJK_FONT_FACE_VARIABLE = 'DOCUMENT_CJK_FONT_FACE';

export class CjkFontMissingError extends Error {
  readonly code = 'CJK_FONT_MISSING';
}

/**
 * The font to embed: the configured path (and face, for a collection) when set — which must
 * exist —, else the first of the candidates on this machine. Throws CjkFontMissingError saying
 * what was looked for and how to fix it.
 */
export function locateCjkFont(
  env: Readonly<Record<string, string | undefined>>,
  exists: (path: string) => boolean = existsSync,
  candidates: readonly CjkFont[] = CJK_FONT_CANDIDATES,
): CjkFont {
  const configured = env[CJK_FONT_VARIABLE]?.trim();
  const face = env[CJK_FONT_FACE_VARIABLE]?.trim() || undefined;
  if (configured) {
    if (exists(configured)) return face ? { path: configured, face } : { path: configured };
    throw new CjkFontMissingError(
      `${CJK_FONT_VARIABLE}=${configured}: no such file; point it at a TTF/OTF or TTC font with Chinese glyphs`,
    );
  }
  const found = candidates.find((c) => exists(c.path));
  if (found) return found;
  throw new CjkFontMissingError(
    `no CJK font found (looked for ${candidates.map((c) => c.path).join(', ')}): install fonts-wqy-zenhei ` +
      `(apt-get install fonts-wqy-zenhei) or set ${CJK_FONT_VARIABLE} (and ${CJK_FONT_FACE_VARIABLE} for a .ttc)`,
  );
}
