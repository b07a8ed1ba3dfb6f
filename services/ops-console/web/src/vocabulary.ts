/** The lists of the contracts (libs/contracts vocabulary), in the order the windows show them. */
export const DISPUTE_TYPES = [
  'road_traffic',
  'marriage_family',
  'neighbour',
  'housing_site',
  'contract',
  'business',
  'damages',
  'forest_land',
  'land_requisition',
  'pollution',
  'labour',
  'consumer',
  'medical',
  'property_management',
  'other',
] as const;
export const URGENCIES = ['normal', 'urgent', 'critical'] as const;
export const CHANNELS = ['walk_in', 'hotline', 'online', 'grid_report', 'referral', 'petition'] as const;
export const PARTY_ROLES = ['applicant', 'respondent', 'third_party'] as const;
export const APPROACH_LEVELS = ['sentiment', 'reason', 'law', 'litigation'] as const;
export const MATTER_CATEGORIES = [
  'compensation',
  'property',
  'debt',
  'contract',
  'land_use',
  'labour',
  'maintenance',
  'other',
] as const;
export const REFERRALS = ['litigation', 'arbitration', 'administrative', 'none'] as const;
