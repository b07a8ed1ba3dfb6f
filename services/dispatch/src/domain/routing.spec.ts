import { resolveDepartments, routeKinds, type DirectoryDepartment } from './routing';

const directory: DirectoryDepartment[] = [
  { id: 'ganzhou-traffic-police', kind: 'traffic_police', name: 'Traffic', centerIds: ['ganzhou-district'] },
  { id: 'shangqin-judicial-office', kind: 'judicial_office', name: 'Judicial', centerIds: ['shangqin-town'] },
  { id: 'ganzhou-judicial-bureau', kind: 'judicial_office', name: 'Bureau', centerIds: ['ganzhou-district'] },
  { id: 'shangqin-town-government', kind: 'town_government', name: 'Town', centerIds: ['shangqin-town'] },
];
const anlizhaPath = ['ganzhou-district', 'shangqin-town', 'anlizha-village'];

describe('routing', () => {
  it('summons the most local department of each kind along the center path', () => {
    const chosen = resolveDepartments(
      ['traffic_police', 'judicial_office', 'town_government'],
      anlizhaPath,
      directory,
    );
    expect(chosen.map((d) => d.id)).toEqual([
      'ganzhou-traffic-police',
      'shangqin-judicial-office',
      'shangqin-town-government',
    ]);
  });

  it('falls back to a higher tier when the town has none of a kind', () => {
    const chosen = resolveDepartments(['judicial_office'], ['ganzhou-district', 'daman-town'], directory);
    expect(chosen.map((d) => d.id)).toEqual(['ganzhou-judicial-bureau']);
  });

  it('names the kinds nobody serves', () => {
    expect(() => resolveDepartments(['forestry'], anlizhaPath, directory)).toThrow(
      expect.objectContaining({
        code: 'ROUTING_UNRESOLVED',
        details: expect.objectContaining({ unresolvedKinds: ['forestry'] }),
      }),
    );
  });

  it('for the suggestion: the departments of the kinds that resolve, and the kinds that do not', () => {
    const { departments, unresolvedKinds } = routeKinds(
      ['forestry', 'judicial_office'],
      anlizhaPath,
      directory,
    );
    expect(departments.map((d) => d.id)).toEqual(['shangqin-judicial-office']);
    expect(unresolvedKinds).toEqual(['forestry']);
  });
});
