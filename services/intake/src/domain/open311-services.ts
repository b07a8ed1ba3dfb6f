import type { DisputeType } from '@chuishao/contracts';

/**
 * The Open311 GeoReport v2 service list (`services.json`): one service per dispute type, so a
 * city's 12345 front end or a resident app offers exactly the disputes a center registers. The
 * codes are ours and stable (a front end stores them); the names are what a resident reads.
 */
export interface Open311Service {
  code: string;
  disputeType: DisputeType;
  name: string;
  description: string;
  group: string;
  keywords: readonly string[];
}

export const OPEN311_SERVICES: readonly Open311Service[] = [
  {
    code: 'TJ-101',
    disputeType: 'marriage_family',
    name: '婚姻家庭纠纷',
    description: '婚姻、赡养、抚养、继承等家庭矛盾',
    group: '婚姻家庭',
    keywords: ['婚姻', '赡养', '继承'],
  },
  {
    code: 'TJ-102',
    disputeType: 'neighbour',
    name: '邻里纠纷',
    description: '相邻通行、采光、噪音、排水等邻里矛盾',
    group: '邻里关系',
    keywords: ['邻里', '噪音', '通行'],
  },
  {
    code: 'TJ-103',
    disputeType: 'housing_site',
    name: '宅基地纠纷',
    description: '宅基地界址、使用权争议',
    group: '土地山林',
    keywords: ['宅基地', '界址'],
  },
  {
    code: 'TJ-104',
    disputeType: 'forest_land',
    name: '山林土地纠纷',
    description: '承包地、山林、草场的权属与经营争议',
    group: '土地山林',
    keywords: ['土地', '山林', '承包'],
  },
  {
    code: 'TJ-105',
    disputeType: 'land_requisition',
    name: '征地拆迁纠纷',
    description: '征地补偿、拆迁安置争议',
    group: '土地山林',
    keywords: ['征地', '拆迁', '补偿'],
  },
  {
    code: 'TJ-201',
    disputeType: 'contract',
    name: '合同纠纷',
    description: '买卖、借贷、承揽等合同履行争议',
    group: '经济纠纷',
    keywords: ['合同', '借款'],
  },
  {
    code: 'TJ-202',
    disputeType: 'business',
    name: '生产经营纠纷',
    description: '生产经营、合伙经营中的争议',
    group: '经济纠纷',
    keywords: ['经营', '合伙'],
  },
  {
    code: 'TJ-203',
    disputeType: 'consumer',
    name: '消费纠纷',
    description: '商品质量、服务收费等消费争议',
    group: '经济纠纷',
    keywords: ['消费', '退货'],
  },
  {
    code: 'TJ-204',
    disputeType: 'property_management',
    name: '物业纠纷',
    description: '物业服务、物业费、公共设施争议',
    group: '经济纠纷',
    keywords: ['物业', '物业费'],
  },
  {
    code: 'TJ-301',
    disputeType: 'labour',
    name: '劳动争议',
    description: '拖欠工资、工伤、劳动关系争议',
    group: '劳动保障',
    keywords: ['欠薪', '工伤', '劳动'],
  },
  {
    code: 'TJ-401',
    disputeType: 'damages',
    name: '损害赔偿纠纷',
    description: '人身、财产损害的赔偿争议',
    group: '损害赔偿',
    keywords: ['赔偿', '损害'],
  },
  {
    code: 'TJ-402',
    disputeType: 'road_traffic',
    name: '道路交通事故纠纷',
    description: '交通事故责任与赔偿争议',
    group: '损害赔偿',
    keywords: ['交通事故', '车祸'],
  },
  {
    code: 'TJ-403',
    disputeType: 'medical',
    name: '医疗纠纷',
    description: '诊疗过程中的医患争议',
    group: '损害赔偿',
    keywords: ['医疗', '医患'],
  },
  {
    code: 'TJ-501',
    disputeType: 'pollution',
    name: '环境污染纠纷',
    description: '废水、废气、噪声等污染引起的争议',
    group: '生态环境',
    keywords: ['污染', '环境'],
  },
  {
    code: 'TJ-901',
    disputeType: 'other',
    name: '其他矛盾纠纷',
    description: '以上类别以外的矛盾纠纷',
    group: '其他',
    keywords: ['其他'],
  },
];

export function open311ServiceByCode(code: string): Open311Service | undefined {
  return OPEN311_SERVICES.find((s) => s.code === code);
}

export function open311ServiceOf(disputeType: DisputeType): Open311Service {
  return OPEN311_SERVICES.find((s) => s.disputeType === disputeType) ?? open311ServiceByCode('TJ-901')!;
}
