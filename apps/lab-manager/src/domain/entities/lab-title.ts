/** The mark every lab lab-manager imports carries at the end of its title: ` lcm-<lab record id>`. */
const LCM_MARK = / lcm-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The CML title of a session lab: the definition and version an operator recognises in CML's UI, then the
 * mark that says LCM made it, for which record.
 */
export function labTitle(definitionName: string, definitionVersion: string, labRecordId: string): string {
  return `${definitionName}-${definitionVersion} lcm-${labRecordId}`;
}

/**
 * Whether a lab on a worker is one LCM imported (its title ends with the mark of `labTitle`). Orphan
 * cleanup deletes only such labs: a lab an operator made by hand is reported, never deleted.
 */
export function isLcmLabTitle(title: string): boolean {
  return LCM_MARK.test(title);
}
