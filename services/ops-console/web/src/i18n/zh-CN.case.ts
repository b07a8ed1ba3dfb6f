/** 中文：案件页上的证据、重复来访、协议履行和司法确认的词语。 */
export default {
  performance: {
    title: '协议履行（人民调解法第三十一条）',
    deadline: '履行期限',
    noDeadline: '协议未约定履行期限',
    checkDue: '履行期限已届满，请回访当事人并记录履行情况',
    outcomeLabel: '履行情况',
    record: '记录履行情况',
    outcome: {
      performed: '已履行',
      'partly-performed': '部分履行',
      'not-performed': '未履行',
    },
    remedy: {
      'judicial-confirmation-then-enforcement':
        '双方当事人可自协议生效之日起三十日内共同申请司法确认；确认有效后一方拒不履行的，对方可申请人民法院强制执行（第三十三条）',
      litigation: '当事人可就协议的履行或内容向人民法院提起诉讼（第三十二条）',
    },
  },
  confirmation: {
    submitting: '正在提交',
    refused: '法院不予受理',
    requested: '已申请',
    submitted: '已提交法院',
    accepted: '法院已受理',
    confirmed: '已确认有效',
    rejected: '已驳回',
    court_unreachable: '法院暂不可达',
    none: '尚未申请',
  },
  evidence: {
    title: '证据材料',
    none: '尚无证据材料',
    upload: '上传证据',
    hint: '照片或扫描件：JPEG、PNG 或 PDF，不超过 10 MB（按文件内容识别类型）',
    empty: '文件是空的',
    tooLarge: '文件超过 10 MB',
    wrongType: '文件内容不是 JPEG、PNG 或 PDF，未保存',
  },
  repeat: {
    title: '疑似重复来访的前案',
    none: '30 天内无同一地点同类纠纷，也无同一当事人的前案',
    match: {
      same_party: '同一当事人',
      same_place_and_type: '同一地点同类纠纷',
    },
    link: '关联为重复来访',
    linked: '已关联',
    reason: '关联说明（可选）',
    linkedCases: '关联案件',
    repeatOf: '重复来访，前案',
    repeatedBy: '后续重复来访',
  },
};
