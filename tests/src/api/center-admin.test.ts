import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO, errorCodes, TestApi, type GraphQLResponse } from '../support/api.ts';
import { addDays, isoDay, today } from '@opora/common/calendar';

// The center as its staff see it, and as its manager edits it: profile, services, teams,
// staff and partners. Another center's manager can neither read nor change any of it.

let api: TestApi;
let manager: string;
let worker: string;
let kazanlak: string;
let ids: {
  plovdivCenter: string;
  serviceKinds: Record<string, string>;
  professions: Record<string, string>;
  municipalities: Record<string, string>;
  managerMembership: string;
  workerMembership: string;
};

// The center's staff is a connection (paged like every list); these tests read one page.
const staffOf = (center: any): any[] => center.staff.edges.map((e: any) => e.node);
const fieldPaths = (r: GraphQLResponse) => (r.errors ?? []).flatMap((e) => (e.extensions?.fields ?? []).map((f: { path: string }) => f.path));

const STAFF_VIEW = `{
  center {
    id code
    services { id name access deliveryModes capacity active serviceKind { code } }
    teams { id kind name members { id user { displayName } } }
    staff(first: 100) { totalCount edges { node { id role title titleBg fte startedOn endedOn user { displayName email } profession { code } } } }
    partnerMunicipalities { since until municipality { code } }
    partnerOrganizations { id kind name since }
  }
}`;

beforeAll(async () => {
  api = await TestApi.start();
  manager = await api.login(DEMO.plovdivManager);
  worker = await api.login(DEMO.plovdivWorker);
  kazanlak = await api.login(DEMO.kazanlakManager);
  const data = await api.ok(
    `{ center { id } serviceKinds { id code } professions { id code } municipalities { id code }
       viewer { activeMembership { id } } }`,
    {},
    manager,
  );
  const workerView = await api.ok(`{ viewer { activeMembership { id } } }`, {}, worker);
  const byCode = (rows: Array<{ id: string; code: string }>) => Object.fromEntries(rows.map((r) => [r.code, r.id]));
  ids = {
    plovdivCenter: data.center.id,
    serviceKinds: byCode(data.serviceKinds),
    professions: byCode(data.professions),
    municipalities: byCode(data.municipalities),
    managerMembership: data.viewer.activeMembership.id,
    workerMembership: workerView.viewer.activeMembership.id,
  };
});
afterAll(async () => {
  await api?.stop();
});

describe('the center, as its staff read it', () => {
  test('a worker reads services, teams, staff and partners of their center', async () => {
    const { center } = await api.ok(STAFF_VIEW, {}, worker);
    expect(center.code).toBe('PLV');
    expect(center.services.length).toBe(12);
    expect(center.services.find((s: any) => s.serviceKind.code === 'SPEECH_THERAPY')).toMatchObject({
      name: 'Логопедична терапия',
      access: 'SPECIALISED',
      capacity: 12,
      deliveryModes: ['IN_CENTER'],
      active: true,
    });
    expect(center.teams.map((t: any) => t.kind).sort()).toEqual(['MULTIDISCIPLINARY', 'OTHER']);
    expect(center.teams.find((t: any) => t.kind === 'OTHER').members.length).toBe(6);
    expect(center.staff.totalCount).toBe(11);
    expect(staffOf(center).length).toBe(11);
    expect(staffOf(center).find((s: any) => s.user.email === DEMO.plovdivWorker)).toMatchObject({
      role: 'CASE_WORKER',
      title: 'Социален работник',
      fte: 1,
      profession: { code: 'SOCIAL_WORKER' },
      endedOn: null,
    });
    expect(center.partnerMunicipalities.map((p: any) => p.municipality.code).sort()).toEqual(
      ['PDV01', 'PDV13', 'PDV14', 'PDV26', 'PDV39', 'PDV42'],
    );
    expect(center.partnerOrganizations.length).toBe(8);
  });

  test('the staff list pages by cursor to its end: every member once, by name, as many as totalCount', async () => {
    const PAGE = `query($after: String) { center { staff(first: 4, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id user { displayName } } } } } }`;
    const seen: { id: string; name: string }[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const result: any = await api.ok(PAGE, { after }, worker);
      const conn: any = result.center.staff;
      expect(conn.totalCount).toBe(11);
      seen.push(...conn.edges.map((e: any) => ({ id: e.node.id, name: e.node.user.displayName })));
      pages += 1;
      if (!conn.pageInfo.hasNextPage) break;
      expect(conn.edges.length).toBe(4);
      after = conn.pageInfo.endCursor;
      expect(pages).toBeLessThan(10);
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(11);
    expect(new Set(seen.map((m) => m.id)).size).toBe(11);
    // The server's order (by name, then id) holds across the pages.
    const all = await api.ok(`{ center { staff(first: 100) { edges { node { id } } } } }`, {}, worker);
    expect(seen.map((m) => m.id)).toEqual(staffOf(all.center).map((m) => m.id));
    expect(seen.map((m) => m.name)).toEqual([...seen.map((m) => m.name)].sort((x, y) => x.localeCompare(y, 'bg')));
  });

  test('English names when asked', async () => {
    const en = await api.gql(`{ center { services { name serviceKind { code } } } }`, {}, worker, { 'accept-language': 'en' });
    expect(en.data!.center.services.find((s: any) => s.serviceKind.code === 'SPEECH_THERAPY').name).toBe('Speech therapy');
  });
});

describe('the manager edits the center', () => {
  test('profile: saved, audited, and a negative capacity is refused with nothing written', async () => {
    const input = {
      nameBg: 'ЦОП „За деца и родители“ – Пловдив',
      nameEn: 'CSC "For Children and Parents" – Plovdiv',
      providerNameBg: 'Община Пловдив',
      providerNameEn: 'Plovdiv Municipality',
      addressBg: 'гр. Пловдив, ул. „Примерна“ 1',
      addressEn: 'Plovdiv, 1 Primerna St',
      phone: '+359 32 111 222',
      email: 'PLOVDIV-COP@opora.test',
      licensedCapacity: 70,
    };
    const saved = await api.ok(
      `mutation($input: CenterProfileInput!) { updateCenterProfile(input: $input) { nameBg address email licensedCapacity } }`,
      { input },
      manager,
    );
    expect(saved.updateCenterProfile).toMatchObject({
      nameBg: input.nameBg,
      address: input.addressBg,
      email: 'plovdiv-cop@opora.test',
      licensedCapacity: 70,
    });

    const refused = await api.gql(
      `mutation($input: CenterProfileInput!) { updateCenterProfile(input: $input) { id } }`,
      { input: { ...input, nameBg: 'Друго име', licensedCapacity: -1 } },
      manager,
    );
    expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(fieldPaths(refused)).toEqual(['input.licensedCapacity']);
    expect(refused.errors![0]!.extensions!.fields[0].messageEn).toBe('Must be at least 0.');
    const after = await api.ok(`{ center { nameBg licensedCapacity } }`, {}, manager);
    expect(after.center).toEqual({ nameBg: input.nameBg, licensedCapacity: 70 });

    // One UPDATE event: the refused edit wrote nothing, its audit event included.
    const audit = await api.ok(`{ auditEvents(first: 5, action: UPDATE, entityType: "Center") { totalCount edges { node { entityNodeId } } } }`, {}, manager);
    expect(audit.auditEvents.totalCount).toBe(1);
    expect(audit.auditEvents.edges[0].node.entityNodeId).toBe(ids.plovdivCenter);
  });

  test('services: create (access from the kind), update, deactivate, reactivate', async () => {
    const created = await api.ok(
      `mutation($input: CenterServiceInput!) { createService(input: $input) { id name access capacity deliveryModes active } }`,
      {
        input: {
          serviceKindId: ids.serviceKinds.INFORMATION,
          nameBg: 'Телефонна линия за родители',
          nameEn: 'Parents’ phone line',
          deliveryModes: ['ONLINE', 'ONLINE', 'IN_CENTER'],
        },
      },
      manager,
    );
    const service = created.createService;
    expect(service).toMatchObject({ access: 'OPEN_ACCESS', capacity: null, deliveryModes: ['ONLINE', 'IN_CENTER'], active: true });

    const updated = await api.ok(
      `mutation($id: ID!, $input: CenterServiceInput!) { updateService(id: $id, input: $input) { name access capacity } }`,
      {
        id: service.id,
        input: {
          serviceKindId: ids.serviceKinds.INFORMATION,
          nameBg: 'Телефонна линия за родители (вечер)',
          nameEn: 'Parents’ evening phone line',
          access: 'SPECIALISED',
          capacity: 5,
          deliveryModes: ['ONLINE'],
        },
      },
      manager,
    );
    expect(updated.updateService).toEqual({ name: 'Телефонна линия за родители (вечер)', access: 'SPECIALISED', capacity: 5 });

    const noModes = await api.gql(
      `mutation($input: CenterServiceInput!) { createService(input: $input) { id } }`,
      { input: { serviceKindId: ids.serviceKinds.INFORMATION, nameBg: 'X', nameEn: 'X', deliveryModes: [] } },
      manager,
    );
    expect(errorCodes(noModes)).toEqual(['BAD_USER_INPUT']);
    expect(fieldPaths(noModes)).toEqual(['input.deliveryModes']);

    const badKind = await api.gql(
      `mutation($input: CenterServiceInput!) { createService(input: $input) { id } }`,
      { input: { serviceKindId: ids.plovdivCenter, nameBg: 'X', nameEn: 'X', deliveryModes: ['ONLINE'] } },
      manager,
    );
    expect(fieldPaths(badKind)).toEqual(['input.serviceKindId']);

    await api.ok(`mutation($id: ID!) { deactivateService(id: $id) { active } }`, { id: service.id }, manager);
    const list = await api.ok(`{ center { active: services { id } all: services(includeInactive: true) { id active } } }`, {}, manager);
    expect(list.center.active.map((s: any) => s.id)).not.toContain(service.id);
    expect(list.center.all.find((s: any) => s.id === service.id)).toEqual({ id: service.id, active: false });
    const back = await api.ok(`mutation($id: ID!) { reactivateService(id: $id) { active } }`, { id: service.id }, manager);
    expect(back.reactivateService.active).toBe(true);
  });

  test('teams: create, rename, set members (only current staff of the center)', async () => {
    const { center } = await api.ok(`{ center { staff(first: 100) { edges { node { id user { email } } } } } }`, {}, manager);
    const staffIds = staffOf(center).map((s: any) => s.id);
    const created = await api.ok(
      `mutation { createTeam(input: { kind: MOBILE, nameBg: "Мобилен екип", nameEn: "Mobile team" }) { id kind name members { id } } }`,
      {},
      manager,
    );
    const team = created.createTeam;
    expect(team).toMatchObject({ kind: 'MOBILE', name: 'Мобилен екип', members: [] });

    const renamed = await api.ok(
      `mutation($id: ID!) { updateTeam(id: $id, input: { kind: MOBILE, nameBg: "Мобилен екип – Родопи", nameEn: "Mobile team – Rodopi" }) { name } }`,
      { id: team.id },
      manager,
    );
    expect(renamed.updateTeam.name).toBe('Мобилен екип – Родопи');

    const set = await api.ok(
      `mutation($id: ID!, $m: [ID!]!) { setTeamMembers(teamId: $id, membershipIds: $m) { members { id } } }`,
      { id: team.id, m: [staffIds[0], staffIds[1]] },
      manager,
    );
    expect(set.setTeamMembers.members.map((m: any) => m.id).sort()).toEqual([staffIds[0], staffIds[1]].sort());

    // Another center's membership and a repeated one are field errors; the team keeps its members.
    const kzl = await api.ok(`{ viewer { activeMembership { id } } }`, {}, kazanlak);
    const refused = await api.gql(
      `mutation($id: ID!, $m: [ID!]!) { setTeamMembers(teamId: $id, membershipIds: $m) { id } }`,
      { id: team.id, m: [staffIds[2], kzl.viewer.activeMembership.id, staffIds[2]] },
      manager,
    );
    expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(fieldPaths(refused)).toEqual(['membershipIds.1', 'membershipIds.2']);
    const after = await api.ok(`query($id: ID!) { node(id: $id) { ... on Team { members { id } } } }`, { id: team.id }, manager);
    expect(after.node.members.map((m: any) => m.id).sort()).toEqual([staffIds[0], staffIds[1]].sort());
  });

  test('staff: a new person is invited, sets their own password with the one-time code; updates and ending', async () => {
    const add = `mutation($input: AddStaffMemberInput!) { addStaffMember(input: $input) {
      code expiresAt invitation { id email displayName role title status } } }`;
    const input = {
      email: 'New.Psychologist@Plovdiv.opora.test',
      displayName: 'Яна Новакова',
      role: 'SPECIALIST',
      professionId: ids.professions.PSYCHOLOGIST,
      titleBg: 'Психолог (юноши)',
      titleEn: 'Psychologist (adolescents)',
      fte: 0.75,
      startedOn: '2025-01-06',
    };

    // A manager can no longer choose a colleague's password.
    const withPassword = await api.gql(add, { input: { ...input, initialPassword: 'начална-парола-2025' } }, manager);
    expect(errorCodes(withPassword)).toEqual(['BAD_USER_INPUT']);
    const badFte = await api.gql(add, { input: { ...input, fte: 1.5 } }, manager);
    expect(fieldPaths(badFte)).toEqual(['input.fte']);
    const networkRole = await api.gql(add, { input: { ...input, role: 'NETWORK_ADMIN' } }, manager);
    expect(networkRole.errors?.length).toBeGreaterThan(0);
    expect(networkRole.data ?? null).toBeNull();

    const invited = (await api.ok(add, { input }, manager)).addStaffMember;
    expect(invited.invitation).toMatchObject({ email: 'new.psychologist@plovdiv.opora.test', displayName: 'Яна Новакова', role: 'SPECIALIST', status: 'PENDING' });
    expect(invited.code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const set = await api.ok(
      `mutation($code: String!, $p: String!) { setPasswordWithCode(code: $code, newPassword: $p) { email } }`,
      { code: invited.code, p: 'моята-собствена-парола' },
    );
    expect(set.setPasswordWithCode.email).toBe('new.psychologist@plovdiv.opora.test');

    const token = await api.login('new.psychologist@plovdiv.opora.test', 'моята-собствена-парола');
    const me = await api.ok(`{ viewer { activeMembership { id role title fte startedOn profession { code } center { code } } } center { staff(first: 100) { edges { node { id } } } } }`, {}, token);
    expect(me.viewer.activeMembership).toMatchObject({
      role: 'SPECIALIST',
      title: 'Психолог (юноши)',
      fte: 0.75,
      startedOn: '2025-01-06',
      profession: { code: 'PSYCHOLOGIST' },
      center: { code: 'PLV' },
    });
    const created = { id: me.viewer.activeMembership.id as string };
    expect(staffOf(me.center).map((s: any) => s.id)).toContain(created.id);

    const again = await api.gql(add, { input }, manager);
    expect(fieldPaths(again)).toEqual(['input.email']);

    const updated = await api.ok(
      `mutation($id: ID!) { updateStaffMember(membershipId: $id, input: { role: CASE_WORKER, professionId: "${ids.professions.SOCIAL_WORKER}", titleBg: "Социален работник", fte: 1 }) { role title fte startedOn profession { code } } }`,
      { id: created.id },
      manager,
    );
    expect(updated.updateStaffMember).toEqual({ role: 'CASE_WORKER', title: 'Социален работник', fte: 1, startedOn: '2025-01-06', profession: { code: 'SOCIAL_WORKER' } });

    const beforeStart = await api.gql(`mutation($id: ID!) { endStaffMember(membershipId: $id, endedOn: "2024-12-31") { id } }`, { id: created.id }, manager);
    expect(fieldPaths(beforeStart)).toEqual(['endedOn']);

    const yesterday = isoDay(addDays(today(), -1));
    const ended = await api.ok(`mutation($id: ID!) { endStaffMember(membershipId: $id, endedOn: "${yesterday}") { endedOn } }`, { id: created.id }, manager);
    expect(ended.endStaffMember.endedOn).toBe(yesterday);
    // The ended member no longer works in the center.
    const afterEnd = await api.gql(`{ center { code } }`, {}, token);
    expect(errorCodes(afterEnd)[0]).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    const staff = await api.ok(`{ center { current: staff(first: 100) { edges { node { id } } } all: staff(first: 100, includeEnded: true) { edges { node { id } } } } }`, {}, manager);
    expect(staffOf({ staff: staff.center.current }).map((s: any) => s.id)).not.toContain(created.id);
    expect(staffOf({ staff: staff.center.all }).map((s: any) => s.id)).toContain(created.id);
  });

  test('a manager can neither end their own membership nor change their own role', async () => {
    const own = await api.gql(`mutation($id: ID!) { endStaffMember(membershipId: $id, endedOn: "2030-01-01") { id } }`, { id: ids.managerMembership }, manager);
    expect(errorCodes(own)).toEqual(['FORBIDDEN']);
    const demote = await api.gql(`mutation($id: ID!) { updateStaffMember(membershipId: $id, input: { role: CASE_WORKER }) { id } }`, { id: ids.managerMembership }, manager);
    expect(fieldPaths(demote)).toEqual(['input.role']);
    const me = await api.ok(`{ viewer { activeMembership { role endedOn } } }`, {}, manager);
    expect(me.viewer.activeMembership).toEqual({ role: 'MANAGER', endedOn: null });
  });

  test('partners: municipalities and organizations', async () => {
    const added = await api.ok(
      `mutation($m: ID!) { addPartnerMunicipality(municipalityId: $m, since: "2025-02-01") { since until municipality { code name } } }`,
      { m: ids.municipalities.PDV11 },
      manager,
    );
    expect(added.addPartnerMunicipality).toEqual({ since: '2025-02-01', until: null, municipality: { code: 'PDV11', name: 'Кричим' } });
    const twice = await api.gql(`mutation($m: ID!) { addPartnerMunicipality(municipalityId: $m, since: "2025-02-01") { since } }`, { m: ids.municipalities.PDV11 }, manager);
    expect(fieldPaths(twice)).toEqual(['municipalityId']);

    const ended = await api.ok(`mutation($m: ID!) { endPartnerMunicipality(municipalityId: $m, until: "2025-03-01") { until } }`, { m: ids.municipalities.PDV13 }, manager);
    expect(ended.endPartnerMunicipality.until).toBe('2025-03-01');
    const list = await api.ok(`{ center { current: partnerMunicipalities { municipality { code } } all: partnerMunicipalities(includeEnded: true) { municipality { code } } } }`, {}, manager);
    const codes = (rows: any[]) => rows.map((r) => r.municipality.code);
    expect(codes(list.center.current)).toContain('PDV11');
    expect(codes(list.center.current)).not.toContain('PDV13');
    expect(codes(list.center.all)).toContain('PDV13');
    const notPartner = await api.gql(`mutation($m: ID!) { endPartnerMunicipality(municipalityId: $m, until: "2025-03-01") { until } }`, { m: ids.municipalities.SZR12 }, manager);
    expect(errorCodes(notPartner)).toEqual(['NOT_FOUND']);

    const org = await api.ok(
      `mutation { addPartnerOrganization(input: { kind: SCHOOL, nameBg: "СУ „Св. Паисий Хилендарски“", since: "2024-09-15" }) { id kind name nameEn since } }`,
      {},
      manager,
    );
    expect(org.addPartnerOrganization).toMatchObject({ kind: 'SCHOOL', name: 'СУ „Св. Паисий Хилендарски“', nameEn: null, since: '2024-09-15' });
    const updated = await api.ok(
      `mutation($id: ID!) { updatePartnerOrganization(id: $id, input: { kind: SCHOOL, nameBg: "СУ „Паисий“", nameEn: "Paisiy Secondary School", note: "Превенция на отпадането" }) { name nameEn since } }`,
      { id: org.addPartnerOrganization.id },
      manager,
    );
    expect(updated.updatePartnerOrganization).toEqual({ name: 'СУ „Паисий“', nameEn: 'Paisiy Secondary School', since: null });
  });

  test('every change is in the audit trail', async () => {
    const { auditEvents } = await api.ok(`{ auditEvents(first: 100, actorMembershipId: "${ids.managerMembership}") { edges { node { action entityType } } } }`, {}, manager);
    const seen = new Set(auditEvents.edges.map((e: any) => `${e.node.action} ${e.node.entityType}`));
    for (const expected of [
      'UPDATE Center',
      'CREATE CenterService',
      'UPDATE CenterService',
      'CREATE Team',
      'UPDATE Team',
      'CREATE StaffInvitation',
      'UPDATE Membership',
      'CREATE CenterPartnerMunicipality',
      'UPDATE CenterPartnerMunicipality',
      'CREATE PartnerOrganization',
      'UPDATE PartnerOrganization',
    ]) {
      expect(seen).toContain(expected);
    }
  });
});

describe('only the manager edits', () => {
  test('a worker gets FORBIDDEN for every manager mutation, and nothing is written', async () => {
    const { center } = await api.ok(`{ center { services { id } teams { id } partnerOrganizations { id } } }`, {}, worker);
    const attempts: Array<[string, Record<string, unknown>]> = [
      [`mutation { updateCenterProfile(input: { nameBg: "X", nameEn: "X", providerNameBg: "X", providerNameEn: "X", addressBg: "X", licensedCapacity: 1 }) { id } }`, {}],
      [`mutation($k: ID!) { createService(input: { serviceKindId: $k, nameBg: "X", nameEn: "X", deliveryModes: [ONLINE] }) { id } }`, { k: ids.serviceKinds.INFORMATION }],
      [`mutation($id: ID!) { deactivateService(id: $id) { id } }`, { id: center.services[0].id }],
      [`mutation { createTeam(input: { kind: OTHER, nameBg: "X", nameEn: "X" }) { id } }`, {}],
      [`mutation($id: ID!) { setTeamMembers(teamId: $id, membershipIds: []) { id } }`, { id: center.teams[0].id }],
      [`mutation { addStaffMember(input: { email: "x@plovdiv.opora.test", displayName: "X", role: MANAGER }) { code } }`, {}],
      [`mutation($id: ID!) { updateStaffMember(membershipId: $id, input: { role: MANAGER }) { id } }`, { id: ids.workerMembership }],
      [`mutation($id: ID!) { endStaffMember(membershipId: $id, endedOn: "2030-01-01") { id } }`, { id: ids.managerMembership }],
      [`mutation($m: ID!) { addPartnerMunicipality(municipalityId: $m, since: "2025-01-01") { since } }`, { m: ids.municipalities.PDV03 }],
      [`mutation($m: ID!) { endPartnerMunicipality(municipalityId: $m, until: "2025-01-01") { since } }`, { m: ids.municipalities.PDV01 }],
      [`mutation { addPartnerOrganization(input: { kind: NGO, nameBg: "X" }) { id } }`, {}],
      [`mutation($id: ID!) { updatePartnerOrganization(id: $id, input: { kind: NGO, nameBg: "X" }) { id } }`, { id: center.partnerOrganizations[0].id }],
    ];
    const before = await api.ok(STAFF_VIEW, {}, manager);
    for (const [query, variables] of attempts) {
      const result = await api.gql(query, variables, worker);
      expect(errorCodes(result), query).toEqual(['FORBIDDEN']);
    }
    expect(await api.ok(STAFF_VIEW, {}, manager)).toEqual(before);
    const workerNow = await api.ok(`{ viewer { activeMembership { role } } }`, {}, worker);
    expect(workerNow.viewer.activeMembership.role).toBe('CASE_WORKER');
  });
});

describe('another center', () => {
  test('a Kazanlak manager cannot read Plovdiv’s services, teams, staff or partners through centers', async () => {
    const result = await api.gql(
      `{ centers { code name services { id } teams { id } staff(first: 10) { edges { node { id } } } partnerMunicipalities { since } partnerOrganizations { id } } }`,
      {},
      kazanlak,
    );
    const centers = result.data!.centers as any[];
    const plv = centers.find((c) => c.code === 'PLV');
    const kzl = centers.find((c) => c.code === 'KZL');
    expect(plv).toEqual({ code: 'PLV', name: expect.any(String), services: null, teams: null, staff: null, partnerMunicipalities: null, partnerOrganizations: null });
    expect(kzl.services.length).toBeGreaterThan(0);
    expect(staffOf(kzl).length).toBeGreaterThan(0);
    const forbiddenPaths = (result.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path!.at(-1));
    expect(forbiddenPaths.sort()).toEqual(['partnerMunicipalities', 'partnerOrganizations', 'services', 'staff', 'teams']);
    expect((result.errors ?? []).every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);

    // The same through node(id:) on the public Center type.
    const viaNode = await api.gql(`query($id: ID!) { node(id: $id) { ... on Center { code staff(first: 10) { totalCount } } } }`, { id: ids.plovdivCenter }, kazanlak);
    expect(viaNode.data!.node).toEqual({ code: 'PLV', staff: null });
    expect(errorCodes(viaNode)).toEqual(['FORBIDDEN']);
  });

  test('a network analyst reads the directory but none of the staff-only fields', async () => {
    const analyst = await api.login(DEMO.networkAnalyst);
    const result = await api.gql(`{ centers { code services { id } } }`, {}, analyst);
    expect(result.data!.centers.map((c: any) => c.services)).toEqual(result.data!.centers.map(() => null));
    expect(new Set(errorCodes(result))).toEqual(new Set(['FORBIDDEN']));
  });

  test('Plovdiv’s teams, services, staff and partners resolve to null through node(id:)', async () => {
    const { center } = await api.ok(STAFF_VIEW, {}, manager);
    const nodeIds = [center.teams[0].id, center.services[0].id, staffOf(center)[0].id, center.partnerOrganizations[0].id];
    for (const id of nodeIds) {
      const result = await api.ok(`query($id: ID!) { node(id: $id) { id } }`, { id }, kazanlak);
      expect(result.node, id).toBeNull();
      expect((await api.ok(`query($id: ID!) { node(id: $id) { id } }`, { id }, manager)).node).toEqual({ id });
    }
    const nodes = await api.ok(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: nodeIds }, kazanlak);
    expect(nodes.nodes).toEqual([null, null, null, null]);
  });

  test('a Kazanlak manager cannot change any of Plovdiv’s records, and nothing is written', async () => {
    const before = await api.ok(STAFF_VIEW, {}, manager);
    const plv = before.center;
    const worker = staffOf(plv).find((s: any) => s.user.email === DEMO.plovdivWorker);
    const kzlTeam = (await api.ok(`{ center { teams { id } } }`, {}, kazanlak)).center.teams[0].id;
    const attempts: Array<[string, Record<string, unknown>, string]> = [
      [`mutation($id: ID!, $k: ID!) { updateService(id: $id, input: { serviceKindId: $k, nameBg: "X", nameEn: "X", deliveryModes: [ONLINE] }) { id } }`, { id: plv.services[0].id, k: ids.serviceKinds.INFORMATION }, 'NOT_FOUND'],
      [`mutation($id: ID!) { deactivateService(id: $id) { id } }`, { id: plv.services[0].id }, 'NOT_FOUND'],
      [`mutation($id: ID!) { updateTeam(id: $id, input: { kind: OTHER, nameBg: "X", nameEn: "X" }) { id } }`, { id: plv.teams[0].id }, 'NOT_FOUND'],
      [`mutation($id: ID!) { setTeamMembers(teamId: $id, membershipIds: []) { id } }`, { id: plv.teams[0].id }, 'NOT_FOUND'],
      [`mutation($id: ID!, $m: [ID!]!) { setTeamMembers(teamId: $id, membershipIds: $m) { id } }`, { id: kzlTeam, m: [worker.id] }, 'BAD_USER_INPUT'],
      [`mutation($id: ID!) { updateStaffMember(membershipId: $id, input: { role: MANAGER }) { id } }`, { id: worker.id }, 'NOT_FOUND'],
      [`mutation($id: ID!) { endStaffMember(membershipId: $id, endedOn: "2025-01-01") { id } }`, { id: worker.id }, 'NOT_FOUND'],
      [`mutation($id: ID!) { updatePartnerOrganization(id: $id, input: { kind: NGO, nameBg: "X" }) { id } }`, { id: plv.partnerOrganizations[0].id }, 'NOT_FOUND'],
    ];
    for (const [query, variables, code] of attempts) {
      const result = await api.gql(query, variables, kazanlak);
      expect(errorCodes(result), query).toEqual([code]);
    }
    // Kazanlak's own profile edit changes Kazanlak only.
    await api.ok(
      `mutation { updateCenterProfile(input: { nameBg: "ЦОП Казанлък", nameEn: "CSC Kazanlak", providerNameBg: "Сдружение „Бъдеще за децата“", providerNameEn: "Future for the Children Association", addressBg: "гр. Казанлък, ул. „Войнишка“", licensedCapacity: 55 }) { code } }`,
      {},
      kazanlak,
    );
    expect(await api.ok(STAFF_VIEW, {}, manager)).toEqual(before);
    const directory = await api.ok(`{ centers { code licensedCapacity } }`, {}, manager);
    expect(directory.centers.find((c: any) => c.code === 'KZL').licensedCapacity).toBe(55);
    expect(directory.centers.find((c: any) => c.code === 'PLV').licensedCapacity).not.toBe(55);
  });
});
