// What buyers and agencies write while a contract runs: short, plausible, never personal.

export const refusalReasons = [
  '项目负责人临时调离，无法按承诺时限完成，经慎重考虑放弃签约。',
  '同期承接项目较多，人员安排不开，放弃签约。',
]

export const pauseReasons = [
  '等待业主提供项目总平面布置图和工艺说明。',
  '等待业主协调现场踏勘和监测点位。',
  '等待业主提供立项批复和用地预审意见。',
]

export const deliveryNotes = [
  '已按合同约定完成全部工作，提交成果报告及附图附件，请验收。',
  '成果报告已编制完成并经内部技术审核，请审阅验收。',
  '提交正式成果文本一份及电子版，技术审查意见已逐条落实。',
]

export const returnReasons = [
  '成果缺少现状监测数据分析章节，请补充后重新提交。',
  '附图比例尺与正文不一致，部分结论依据不足，请修改完善。',
]

export const evaluationComments = [
  '成果质量较高，响应及时，沟通顺畅。',
  '按期完成，技术审查一次通过。',
  '服务认真负责，现场配合到位。',
  '整体满意，个别图件需多次修改。',
  '',
]

export const replies = [
  '感谢贵单位的认可，我们将继续保持服务质量。',
  '感谢评价，对图件问题我们已加强内部审核。',
]
