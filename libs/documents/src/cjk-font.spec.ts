import { CJK_FONT_CANDIDATES, CjkFontMissingError, locateCjkFont } from './cjk-font';

const only =
  (...paths: string[]) =>
  (path: string) =>
    paths.includes(path);

describe('locateCjkFont', () => {
  it('takes the configured path, with its face for a collection', () => {
    expect(
      locateCjkFont(
        { DOCUMENT_CJK_FONT: '/fonts/x.ttc', DOCUMENT_CJK_FONT_FACE: 'XSans' },
        only('/fonts/x.ttc'),
      ),
    ).toEqual({ path: '/fonts/x.ttc', face: 'XSans' });
    expect(locateCjkFont({ DOCUMENT_CJK_FONT: '/fonts/y.ttf' }, only('/fonts/y.ttf'))).toEqual({
      path: '/fonts/y.ttf',
    });
  });

  it('refuses a configured path that does not exist, naming the variable, even when a default exists', () => {
    const attempt = () =>
      locateCjkFont({ DOCUMENT_CJK_FONT: '/nowhere.ttf' }, only(CJK_FONT_CANDIDATES[0]!.path));
    expect(attempt).toThrow(CjkFontMissingError);
    expect(attempt).toThrow(/DOCUMENT_CJK_FONT=\/nowhere\.ttf: no such file/);
  });

  it('searches the Debian paths in order without configuration', () => {
    const noto = CJK_FONT_CANDIDATES[1]!;
    expect(locateCjkFont({}, only(noto.path, CJK_FONT_CANDIDATES[3]!.path))).toEqual(noto);
    expect(locateCjkFont({ DOCUMENT_CJK_FONT: '  ' }, only(CJK_FONT_CANDIDATES[0]!.path))).toEqual(
      CJK_FONT_CANDIDATES[0],
    );
  });

  it('says what to install when nothing is found', () => {
    const attempt = () => locateCjkFont({}, () => false);
    expect(attempt).toThrow(/no CJK font found .*fonts-wqy-zenhei.*DOCUMENT_CJK_FONT/);
  });
});
