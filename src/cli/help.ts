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
  serve [--port <n>] [--data-dir <dir> | --database-url <url> | --memory]
      案件服务（HTTP + OpenAPI），serve --help 查看全部选项 / the case service over HTTP; serve --help lists its options
  stats --from <日期> --to <日期> --by <分组> [--format table|csv|xlsx|json] [--database-url <url>]
      统计报表（PostgreSQL 中的案件）/ the statistics of the cases in a PostgreSQL store
  dossier <案件编号 caseId> --database-url <url> [--locale zh-CN|en]
      办结案件的可打印案卷（HTML）/ a closed case's printable file (HTML) from PostgreSQL

选项 Options:
  --json            输出 JSON，便于脚本处理 / print JSON for scripts
  -u, --unit <单位>  单位名称、别名或 id / a unit's name, alias or id (catalog)
  -f, --format <f>  mermaid 或 json / mermaid or json (diagram)
  --lang <zh|en>    流程图的语言 / the diagram's language (diagram)
  --from, --to, --by 统计的期间和分组 / the period and grouping (stats)
  --database-url <url>, --table-prefix <p>
                    PostgreSQL 连接串（缺省用 DATABASE_URL）和表名前缀 / the database (stats, dossier)
  --locale <zh-CN|en>  案卷的语言 / the file's language (dossier)
  -h, --help        显示本帮助；命令后加 --help 显示该命令的帮助 / show this help, or a command's with it
  --version         显示版本号 / print the version

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
  linked-enforcement stats --from 2026-09-01 --to 2026-09-30 --by leadUnit
  linked-enforcement dossier case-1 --database-url postgres://postgres@127.0.0.1:5432/siyang > case-1.html
  linked-enforcement help deadline
`;

const dates = `日期 Dates: YYYY-MM-DD（北京日期 a Beijing date），或带时区的时刻 or an instant with an offset,
  e.g. 2026-09-30T18:00:00+08:00; an instant counts by its Beijing date.`;

/** The text of `linked-enforcement <command> --help` and `linked-enforcement help <command>`. */
export const commandHelpText = {
  catalog: `用法 Usage:
  linked-enforcement catalog [词语 words…] [--json]
  linked-enforcement catalog <编号 no> [--json]
  linked-enforcement catalog --unit <单位 unit> [词语 words…] [--json]

附件3 高频事项及其牵头、配合单位。The high-frequency items (附件3) with their lead and
cooperating units.

  不带词语 no words   全部 39 项 / all 39 items
  词语 words          名称包含全部词语的事项；没有时列出最接近的事项并注明
                      items whose name contains every word; when none does, the closest
                      items, marked as closest matches
  编号 no             一个事项，如 21 / one item, e.g. 21

选项 Options:
  -u, --unit <单位>  该单位牵头或配合的事项（名称、别名或 id）
                    the items a unit leads or cooperates on (its name, alias or id)
  --json            {"match":"all"|"closest","items":[…]}；与 --unit 同用时
                    with --unit: {"unit":…,"match":…,"leads":[…],"cooperates":[…]}

示例 Examples:
  linked-enforcement catalog 农贸市场
  linked-enforcement catalog 21
  linked-enforcement catalog --unit 民宗局 宗教
`,
  workdays: `用法 Usage:
  linked-enforcement workdays add <日期 date> <n> [--json]
  linked-enforcement workdays between <from> <to> [--json]
  linked-enforcement workdays info <日期 date> [--json]

按法定节假日和调休计算工作日。Working days with the statutory holidays and make-up days (调休).

  add       之后第 n 个工作日（n 为负数时向前，0 为当天或下一个工作日）
            the n-th working day after the date (before it when n < 0; n = 0: that day or the next working day)
  between   两日之间的工作日数 d（from < d ≤ to；to 早于 from 时为负数）
            the working days d with from < d ≤ to (negative when to is before from)
  info      这一天是工作日、周末、节假日还是调休上班 / whether a day is a working day, weekend,
            holiday or make-up working day

${dates}

示例 Examples:
  linked-enforcement workdays add 2026-09-30 5
  linked-enforcement workdays between 2026-09-30 2026-10-13
  linked-enforcement workdays info 2026-10-10
`,
  deadline: `用法 Usage:
  linked-enforcement deadline <时刻 instant> <n> [--json]

n 个工作日后的截止时间：当天不计，截止到第 n 个工作日 23:59:59（北京时间）。
When something is due n working days after an instant: that day is not counted, and the
deadline is the end of the n-th working day, Beijing time (e.g. results due 5 working days
after enforcement ends, 附件2 牵头单位 6).

  <时刻 instant>  事件发生的时刻或日期 / when it happened
  <n>            工作日数，≥ 0 / the number of working days, ≥ 0

${dates}

示例 Examples:
  linked-enforcement deadline 2026-09-30T18:00:00+08:00 5
  linked-enforcement deadline 2026-09-30T10:00:00Z 5 --json
`,
  diagram: `用法 Usage:
  linked-enforcement diagram [--format mermaid|json] [--lang zh|en]

案件流程图（附件1）：Mermaid 状态图（默认，中文标签），或节点和边的 JSON。
The case workflow (附件1) as a Mermaid state diagram (default, Chinese labels) or as JSON nodes
and edges.

选项 Options:
  -f, --format <f>  mermaid（默认 default）或 or json
  --lang <zh|en>    Mermaid 图的语言 / the Mermaid diagram's language
  --json            同 --format json / the same as --format json

示例 Examples:
  linked-enforcement diagram > workflow.mmd
  linked-enforcement diagram --lang en
  linked-enforcement diagram --format json
`,
  stats: `用法 Usage:
  linked-enforcement stats --from <日期 date> --to <日期 date> --by <分组 grouping>
                           [--format table|csv|xlsx|json] [--database-url <url>] [--table-prefix <p>]

统计报表：期间内立案的案件（北京日期，首尾两天都含）按分组统计办结情况、执法结果按时率、
催办次数和各环节平均用时（工作日）。读取 PostgreSQL 中的案件（store.migrate() 建立的表）。
The statistics of the cases opened in the period (Beijing dates, both days included), grouped:
outcomes, results on time / late / overdue and the on-time rate, urges, average working days
from opening to archive and per step. Reads the cases of a PostgreSQL store.

选项 Options:
  --from <日期>          起始日期 YYYY-MM-DD / the first day
  --to <日期>            截止日期 YYYY-MM-DD / the last day
  --by <分组>            leadUnit（牵头单位）、item（事项）、month（月份）或 or origin（立案方式）
  -f, --format <f>      table（默认 default，文本表格）、csv（UTF-8 带 BOM，Excel 可直接打开）、
                        xlsx（Excel 文件，请重定向到文件 redirect to a file）或 or json
  --json                同 --format json / the same as --format json
  --database-url <url>  PostgreSQL 连接串；默认取环境变量 DATABASE_URL / default: $DATABASE_URL
  --table-prefix <p>    表名前缀（默认 le_）/ the tables' prefix (default le_)

示例 Examples:
  linked-enforcement stats --from 2026-09-01 --to 2026-09-30 --by leadUnit
  linked-enforcement stats --from 2026-01-01 --to 2026-12-31 --by month --format csv > 2026.csv
  linked-enforcement stats --from 2026-01-01 --to 2026-12-31 --by item --format xlsx > 2026.xlsx
`,
  dossier: `用法 Usage:
  linked-enforcement dossier <案件编号 caseId> --database-url <url> [--table-prefix <p>] [--locale zh-CN|en] [--json]

办结案件的可打印案卷：一个自带样式的 HTML 文件（案件信息、审核审批意见、派送任务、工作方案、
法律文书、执法结果、时限、附件及其哈希、流转记录和标出本案路径的流程图），在浏览器中打印或另存为 PDF。
A closed case's printable file (案卷): one self-contained HTML document with the case data,
opinions, assignment, work plan, reports, results, deadlines, attachments with their hashes, the
history (流转记录) and the flowchart with the path the case took. Print it, or save it as PDF,
from a browser. Reads the PostgreSQL store (read only; needs the pg package).

选项 Options:
  --database-url <url>   postgres://用户@主机:端口/数据库；缺省用环境变量 DATABASE_URL
                         the database; DATABASE_URL when left out
  --table-prefix <p>     存储的表名前缀（默认 le_）/ the store's table prefix (default le_)
  --locale <zh-CN|en>    标题和标签的语言（默认 zh-CN）/ the language of headings and labels
  --json                 输出案卷和审计日志的 JSON / print the dossier and its audit log as JSON

未办结的案件输出错误 INVALID_INPUT（退出码 1）。A case still open is refused (INVALID_INPUT, exit 1).

示例 Examples:
  linked-enforcement dossier case-1 --database-url postgres://postgres@127.0.0.1:5432/siyang > case-1.html
  DATABASE_URL=postgres://… linked-enforcement dossier case-1 --locale en > case-1.en.html
`,
} as const;
