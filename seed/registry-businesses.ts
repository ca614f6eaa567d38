/**
 * The lines of business agencies trade in, and what each offers: a 环境科技 company lists
 * 生态环境 items, a 测绘 company 自然资源 surveys, and so on. Items, certificates and extra
 * qualifications are listed most typical first.
 */
export interface Business {
  /** The end of the registered name, e.g. 环境科技有限公司. */
  suffix: string
  /** Relative share among agencies. */
  weight: number
  /** Catalogue item codes this kind of firm offers. */
  items: readonly string[]
  /** What the introduction says the firm does. */
  focus: string
  /** Practitioners' certificate types. */
  certificates: readonly string[]
  /** Qualifications beyond the catalogue's that such firms show. */
  extras: readonly string[]
  /** Registered with 司法行政 (USCC 3 1…) rather than 市场监管 (9 1…). */
  lawFirm?: boolean
}

const codes = (numbers: string) => numbers.split(' ').map((n) => `SI-${n}`)
const list = (text: string) => text.split(' ')

export const businesses: readonly Business[] = [
  {
    suffix: '工程咨询有限公司',
    weight: 10,
    items: codes('019 020 017 018 036 037'),
    focus: '项目可行性研究、项目申请报告、节能评估和社会稳定风险评估',
    certificates: list('注册咨询工程师（投资） 一级注册造价工程师 注册安全工程师 一级注册建造师'),
    extras: ['工程咨询单位资信证书', 'ISO 9001 质量管理体系认证证书'],
  },
  {
    suffix: '环境科技有限公司',
    weight: 12,
    items: codes('002 001 048 003 004 008 005'),
    focus: '建设项目环境影响评价、排污许可、环境监测和环境应急预案编制',
    certificates: list('环境影响评价工程师 注册环保工程师 检验检测人员上岗证 注册安全工程师'),
    extras: ['ISO 14001 环境管理体系认证证书', 'ISO 9001 质量管理体系认证证书'],
  },
  {
    suffix: '测绘地理信息有限公司',
    weight: 8,
    items: codes('013 014 012 011 009'),
    focus: '不动产测绘、工程测量、土地勘测定界和地理信息数据处理',
    certificates: list('注册测绘师 注册城乡规划师 土地估价师'),
    extras: ['ISO 9001 质量管理体系认证证书'],
  },
  {
    suffix: '资产评估有限公司',
    weight: 5,
    items: codes('043 044 045'),
    focus: '企业价值评估、单项资产评估、房地产与土地估价',
    certificates: list('资产评估师 房地产估价师 土地估价师 注册会计师'),
    extras: list('资产评估机构备案公告 房地产估价机构备案证书 土地估价机构备案证明'),
  },
  {
    suffix: '工程造价咨询有限公司',
    weight: 8,
    items: codes('036 037 019 020 035'),
    focus: '工程造价咨询、全过程造价控制、招标代理和竣工结算审核',
    certificates: list(
      '一级注册造价工程师 二级注册造价工程师 一级注册建造师 注册咨询工程师（投资）',
    ),
    extras: ['ISO 9001 质量管理体系认证证书'],
  },
  {
    suffix: '建筑设计研究院有限公司',
    weight: 5,
    items: codes('033 015 022 032 014'),
    focus: '建筑工程设计、城乡规划编制和工程勘察',
    certificates: list(
      '一级注册建筑师 一级注册结构工程师 注册城乡规划师 注册公用设备工程师（暖通空调） 注册电气工程师',
    ),
    extras: ['ISO 9001 质量管理体系认证证书'],
  },
  {
    suffix: '检测技术有限公司',
    weight: 7,
    items: codes('038 040 004 039 042 041 028'),
    focus: '建设工程质量检测、消防设施检测、环境监测和计量检定校准',
    certificates: list('检验检测人员上岗证 注册计量师 一级注册消防工程师 注册安全工程师'),
    extras: ['ISO 9001 质量管理体系认证证书'],
  },
  {
    suffix: '安全评价有限公司',
    weight: 5,
    items: codes('021 003 023 018 022'),
    focus: '安全预评价、安全验收评价、应急预案编制和职业病危害评价',
    certificates: list('注册安全工程师 安全评价师 职业卫生技术服务专业技术人员证书'),
    extras: ['ISO 9001 质量管理体系认证证书'],
  },
  {
    suffix: '水利勘测设计有限公司',
    weight: 5,
    items: codes('005 006 007 008 032 011'),
    focus: '水土保持方案、水资源论证、洪水影响评价和水利工程勘测设计',
    certificates: list('注册土木工程师（水利水电工程） 注册土木工程师（岩土） 一级注册造价工程师'),
    extras: ['水土保持方案编制单位水平评价证书', 'ISO 9001 质量管理体系认证证书'],
  },
  {
    suffix: '土地规划咨询有限公司',
    weight: 5,
    items: codes('011 015 045 012 010 016'),
    focus: '土地复垦方案、国土空间规划、土地估价和使用林地可行性论证',
    certificates: list('注册城乡规划师 土地估价师 注册测绘师'),
    extras: ['土地估价机构备案证明'],
  },
  {
    suffix: '招标代理有限公司',
    weight: 6,
    items: codes('037 036 019'),
    focus: '工程、货物和服务招标代理及政府采购代理',
    certificates: list('一级注册造价工程师 注册咨询工程师（投资） 一级注册建造师'),
    extras: ['ISO 9001 质量管理体系认证证书'],
  },
  {
    suffix: '工程监理有限公司',
    weight: 6,
    items: codes('035 036 037 038'),
    focus: '房屋建筑和市政公用工程监理、项目管理和造价咨询',
    certificates: list('注册监理工程师 一级注册建造师 一级注册造价工程师 注册安全工程师'),
    extras: ['ISO 9001 质量管理体系认证证书'],
  },
  {
    suffix: '节能技术服务有限公司',
    weight: 3,
    items: codes('017 019 020 026 048'),
    focus: '固定资产投资项目节能评估、能源审计和碳排放核查',
    certificates: list('注册咨询工程师（投资） 注册公用设备工程师（暖通空调） 注册电气工程师'),
    extras: ['工程咨询单位资信证书'],
  },
  {
    suffix: '地质勘查有限公司',
    weight: 4,
    items: codes('009 010 032 025 011 029'),
    focus: '地质灾害危险性评估、压覆矿产资源评估、岩土工程勘察和地震安全性评价',
    certificates: list('注册土木工程师（岩土） 注册测绘师 注册安全工程师'),
    extras: ['ISO 9001 质量管理体系认证证书'],
  },
  {
    suffix: '防雷技术服务有限公司',
    weight: 3,
    items: codes('028 027 026'),
    focus: '雷电防护装置检测、雷电灾害风险评估和气候可行性论证',
    certificates: list('防雷专业技术人员能力评价证书 注册电气工程师'),
    extras: [],
  },
  {
    suffix: '会计师事务所有限公司',
    weight: 4,
    items: codes('046 043 036'),
    focus: '财务审计、专项审计、资产评估和工程结算审核',
    certificates: list('注册会计师 资产评估师 一级注册造价工程师'),
    extras: ['资产评估机构备案公告'],
  },
  {
    suffix: '职业卫生技术服务有限公司',
    weight: 2,
    items: codes('023 024 004 021'),
    focus: '职业病危害评价、放射防护评价和职业卫生检测',
    certificates: list('职业卫生技术服务专业技术人员证书 注册安全工程师 检验检测人员上岗证'),
    extras: ['ISO 9001 质量管理体系认证证书'],
  },
  {
    suffix: '律师事务所',
    weight: 3,
    items: codes('047 018'),
    focus: '政府和企业法律顾问、合同审查、合规咨询和社会稳定风险评估',
    certificates: ['律师执业证'],
    extras: [],
    lawFirm: true,
  },
  {
    suffix: '交通规划设计有限公司',
    weight: 2,
    items: codes('030 031 019 033'),
    focus: '交通影响评价、通航条件影响评价和交通工程设计',
    certificates: list('注册土木工程师（道路工程） 注册咨询工程师（投资） 注册城乡规划师'),
    extras: ['工程咨询单位资信证书'],
  },
  {
    suffix: '考古勘探有限公司',
    weight: 1,
    items: codes('029 009'),
    focus: '建设工程文物考古调查、勘探和文物影响评估',
    certificates: list('考古领队资格证书 注册测绘师'),
    extras: [],
  },
  {
    suffix: '消防技术服务有限公司',
    weight: 2,
    items: codes('040 003 039'),
    focus: '建筑消防设施检测、消防安全评估和应急预案编制',
    certificates: list('一级注册消防工程师 注册安全工程师'),
    extras: ['消防技术服务机构备案凭证'],
  },
  {
    suffix: '林业调查规划设计有限公司',
    weight: 2,
    items: codes('016 011 009'),
    focus: '使用林地可行性报告、森林资源调查和林业规划设计',
    certificates: list('林业高级工程师职称证书 注册测绘师'),
    extras: ['林业调查规划设计单位资信证书'],
  },
  {
    suffix: '房地产土地评估有限公司',
    weight: 3,
    items: codes('044 045 043'),
    focus: '房地产估价、土地估价和征收补偿评估',
    certificates: list('房地产估价师 土地估价师 资产评估师'),
    extras: list('房地产估价机构备案证书 土地估价机构备案证明'),
  },
  {
    suffix: '施工图审查有限公司',
    weight: 1,
    items: codes('034 036'),
    focus: '房屋建筑和市政基础设施工程施工图设计文件审查',
    certificates: list(
      '一级注册建筑师 一级注册结构工程师 注册公用设备工程师（暖通空调） 注册电气工程师',
    ),
    extras: [],
  },
]

/** Draw weights, ready for faker's weightedArrayElement. */
export const weightedBusinesses = businesses.map((value) => ({ weight: value.weight, value }))

export const environmentalBusiness = businesses[1]!
