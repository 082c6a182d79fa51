/** The text of `linked-enforcement --help`. */
export const helpText = `linked-enforcement — 泗阳县“联动执法+综合指挥” Siyang joint law enforcement

用法 Usage: linked-enforcement <命令 command> [参数 arguments] [选项 options]

命令 Commands:
  catalog [词语 words…]
      高频事项及其牵头、配合单位（不带词语列出全部，数字为事项编号）
      high-frequency items and their lead and cooperating units (all without words; a number is an item)
  catalog --unit <单位 unit> [词语 words…]
      某单位牵头或配合的事项 / the items a unit leads or cooperates on
  workdays add <日期 date> <n>
      之后第 n 个工作日（n 为负数时向前）/ the n-th working day after the date (before it when n < 0)
  workdays between <from> <to>
      两日之间的工作日数（from < d ≤ to）/ the working days d with from < d ≤ to
  workdays info <日期 date>
      这一天是否上班 / what kind of day it is
  deadline <时刻 instant> <n>
      n 个工作日后的截止时间，当天不计 / when something is due n working days after an instant
  diagram [--format mermaid|json] [--lang zh|en]
      流程图（Mermaid 状态图或 JSON）/ the case workflow as a Mermaid state diagram or JSON

选项 Options:
  --json            输出 JSON，便于脚本处理 / print JSON for scripts
  -u, --unit <单位>  单位名称、别名或 id / a unit's name, alias or id (catalog)
  -f, --format <f>  mermaid 或 json / mermaid or json (diagram)
  --lang <zh|en>    流程图的语言 / the diagram's language (diagram)
  -h, --help        显示本帮助 / show this help

日期 Dates: YYYY-MM-DD（北京日期 a Beijing date），或带时区的时刻 or an instant with an offset,
  e.g. 2026-09-30T18:00:00+08:00.

退出码 Exit codes: 0 成功 ok · 1 输入被拒绝（显示错误代码）input refused (its error code is printed)
  · 2 命令行有误 the command line is wrong

示例 Examples:
  linked-enforcement catalog 农贸市场
  linked-enforcement catalog --unit 公安局
  linked-enforcement workdays add 2026-09-30 5
  linked-enforcement workdays info 2026-10-01
  linked-enforcement deadline 2026-09-30T18:00:00+08:00 5
  linked-enforcement diagram > workflow.mmd
`;
