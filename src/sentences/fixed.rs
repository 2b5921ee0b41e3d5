//! The fixed sentences (no values), one a line in name order, so a proofreader reads down
//! the Chinese; `rustfmt` leaves this file as it is (`sentences/mod.rs`).

/// No words: a second key for what another key's words already say (not shown).
pub const NONE: Words = Words { zh: "", en: "" };

/// One sentence in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    pub zh: &'static str,
    pub en: &'static str,
}

pub const ABSENT: Words = Words { zh: "缺席", en: "Absent" };
pub const ABSTAIN: Words = Words { zh: "弃权", en: "abstain" };
pub const ADOPTED: Words = Words { zh: "通过", en: "ADOPTED" };
pub const AGAINST: Words = Words { zh: "反对", en: "against" };
pub const AGENDA: Words = Words { zh: "议程", en: "Agenda" };
pub const ALREADY_DECLARED_A_DECLARED_RESULT_IS: Words = Words { zh: "结果已宣布，不可更改", en: "already declared; a declared result is never changed" };
pub const ANCHOR: Words = Words { zh: "锚点", en: "anchor" };
pub const ATTENDANCE: Words = Words { zh: "出席", en: "Attendance" };
pub const A_CORRECTION_NEEDS_A_REASON: Words = Words { zh: "作废须填写理由", en: "a correction needs a reason" };
pub const A_FURTHER_VOTE_DECIDES: Words = Words { zh: "，须另行票决", en: ": a further vote decides" };
pub const A_TIE_A_FURTHER_VOTE_DECIDES: Words = Words { zh: "，票数相等须另行票决", en: "; a tie: a further vote decides" };
pub const A_VOID_BALLOT_NEEDS_ITS_REASON: Words = Words { zh: "无效票须填写理由", en: "a void ballot needs its reason" };
pub const BALLOTS_COLLECTED_COUNTED_IN_THE_HALL: Words = Words { zh: "开箱之前在会场清点的收回选票张数", en: "ballots collected, counted in the hall before any box is opened" };
pub const BALLOTS_COLLECTED_IN_THE_HALL: Words = Words { zh: "会场收回票数", en: "Ballots collected in the hall" };
pub const BALLOTS_RETURNED: Words = Words { zh: "收回票数", en: "ballots returned" };
pub const BLANK: Words = Words { zh: "未评", en: "blank" };
pub const BLANK_NOTHING_TICKED: Words = Words { zh: "空白（未勾选）", en: "blank (nothing ticked)" };
pub const BOX_FINISHED_THE_STATION_LOG_IS: Words = Words { zh: "本票箱录入完毕，计票台日志已关闭。请将以下记录数和哈希抄录到签字的票箱计数单上：", en: "Box finished; the station log is closed. Copy the record count and head onto the box's signed count sheet:" };
pub const BOX_LABELS: Words = Words { zh: "票箱编号：", en: "box labels: " };
pub const CANCEL: Words = Words { zh: "取消", en: "cancel" };
pub const CANCELLED: Words = Words { zh: "已取消", en: "cancelled" };
pub const CANDIDATE: Words = Words { zh: "候选项目", en: "candidate" };
pub const CANDIDATE_PERSON: Words = Words { zh: "候选人", en: "candidate" };
pub const CANNOT_READ: Words = Words { zh: "无法读取", en: "cannot read" };
pub const CHECKED_WHOLE_FIRST_THEN_RECORDED_AT: Words = Words { zh: "先整体检查，无误后确认，一次写入", en: "checked whole first, then recorded at once after you confirm" };
pub const CHECK_IN: Words = Words { zh: "报到", en: "Check in" };
pub const CLOSED: Words = Words { zh: "已截止", en: "closed" };
pub const CLOSE_VOTING_FIRST: Words = Words { zh: "请先截止表决", en: "close voting first" };
pub const CLOSING_RECORD: Words = Words { zh: "闭会记录", en: "closing record" };
pub const COLLECTED: Words = Words { zh: "收回：", en: "collected: " };
pub const COLON: Words = Words { zh: "：", en: ":" };
pub const COLON_SPACED: Words = Words { zh: "：", en: ": " };
pub const COLON_WHY: Words = Words { zh: "：理由", en: ": why" };
pub const COLUMN_ABSTAIN: Words = Words { zh: "弃权", en: "abst" };
pub const COLUMN_AGAINST: Words = Words { zh: "反对", en: "agst" };
pub const COLUMN_NOT_VOTED: Words = Words { zh: "未投", en: "n/v" };
pub const COLUMN_PROVISIONAL: Words = Words { zh: "暂计", en: "prov." };
pub const COLUMN_RESULT: Words = Words { zh: "结果", en: "result" };
pub const COLUMN_RETURNED: Words = Words { zh: "收回", en: "in" };
pub const COLUMN_SATISFIED_RATE: Words = Words { zh: "满意率", en: "sat.%" };
pub const CONFIRM: Words = Words { zh: "请确认", en: "Confirm" };
pub const CONGRESS_SESSION: Words = Words { zh: "人民代表大会", en: "Congress session" };
pub const CORRECTIONS_PICK_THE_BALLOT_TO_VOID: Words = Words { zh: "更正：选择要作废的选票", en: "Corrections: pick the ballot to void" };
pub const COUNTED_IN_BOXES: Words = Words { zh: "按票箱计票", en: "Counted in boxes" };
pub const COUNTING_THE_CHAIR_DECLARES_THE_RESULT: Words = Words { zh: "计票中 · 结果由主持人宣布", en: "counting · the chair declares the result" };
pub const COUNT_NOT_YET_DECLARED_PRESIDIUM_ONLY: Words = Words { zh: "计票结果 · 待宣布（仅供主席团）", en: "Count · NOT YET DECLARED (presidium only)" };
pub const CUT_OFF_MET: Words = Words { zh: "达标", en: "cut-off met" };
pub const CUT_OFF_NOT_MET: Words = Words { zh: "未达标", en: "cut-off NOT met" };
pub const DECLARATION_ANCHOR_LOG_RECORD: Words = Words { zh: "宣布锚点：日志记录", en: "declaration anchor: log record" };
pub const DECLARED: Words = Words { zh: "已宣布", en: "declared" };
pub const DECLARED_RESULTS: Words = Words { zh: "宣布结果", en: "declared results" };
pub const DECLARE_THE_RESULT_FIRST_D_THEN: Words = Words { zh: "先宣布结果（d），再决定是否另行票决", en: "declare the result first (d); then a further round can follow" };
pub const DELEGATION: Words = Words { zh: "代表团", en: "delegation" };
pub const ELECTED: Words = Words { zh: "当选", en: "ELECTED" };
pub const EVENT_RULES: Words = Words { zh: "事件规则", en: "event rules" };
pub const EVERY_DECISION_NEEDS_ITS_REASON: Words = Words { zh: "每项裁定须填写理由", en: "every decision needs its reason" };
pub const FILE: Words = Words { zh: "文件：", en: "file: " };
pub const FIND: Words = Words { zh: "查找", en: "find" };
pub const FOLLOWING: Words = Words { zh: "跟随", en: "following" };
pub const FOR: Words = Words { zh: "赞成", en: "for" };
pub const FRAMING: Words = Words { zh: "格式", en: "framing" };
pub const FURTHER_VOTE_FOR_UNFILLED_PLACES: Words = Words { zh: "另行票决补足名额", en: "further vote for unfilled places" };
pub const F_OPENS_A_FURTHER_ROUND: Words = Words { zh: " → 按 f 另行票决", en: " → f opens a further round" };
pub const HASH_CHAIN: Words = Words { zh: "哈希链", en: "hash chain" };
pub const HEAD: Words = Words { zh: "哈希", en: "head" };
pub const HEAD_ITS_FIRST_8_DIGITS_AS: Words = Words { zh: "核对哈希：计数单上的前 8 位、空格、监票人姓名", en: "Head: its first 8 digits as signed, a space, your name" };
pub const HEAD_NAME: Words = Words { zh: "哈希 姓名：", en: "head name: " };
pub const IMPORT_BALLOTS_CSV_OR_A_FOLDER: Words = Words { zh: "导入选票（CSV，或计票台日志所在文件夹）", en: "Import ballots (CSV, or a folder of station logs)" };
pub const IMPORT_CANCELLED_NOTHING_RECORDED: Words = Words { zh: "已取消导入，未记录任何内容", en: "import cancelled; nothing recorded" };
pub const INPUT_STOPPED: Words = Words { zh: "输入已停止", en: "INPUT STOPPED" };
pub const I_THE_FOLDER_OF_STATION_LOGS: Words = Words { zh: " 按 i 输入计票台日志所在文件夹", en: " i: the folder of station logs" };
pub const KEEP_THE_KEYED_COUNT: Words = Words { zh: "维持录入张数", en: "Keep the keyed count" };
pub const KEYS_ESC_CLOSES: Words = Words { zh: "按键帮助（Esc 关闭）", en: "Keys (Esc closes)" };
pub const KEY_1ST_READING_ASKS_WHY: Words = Words { zh: "第一位读数（需填理由）", en: "1st reading (asks why)" };
pub const KEY_2ND_READING_ASKS_WHY: Words = Words { zh: "第二位读数（需填理由）", en: "2nd reading (asks why)" };
pub const KEY_ABSENT_THE_TYPED_SEAT_ELSE_THE: Words = Words { zh: "缺席（输入的座位号，否则选中代表）", en: "absent (the typed seat, else the selected deputy)" };
pub const KEY_ALL_IN_EVERYONE_NOT_ON_LEAVE: Words = Words { zh: "全体报到（除请假者外；需确认）", en: "all in (everyone not on leave; asks first)" };
pub const KEY_ATTENDANCE: Words = Words { zh: "报到（出席登记）", en: "attendance" };
pub const KEY_BACK: Words = Words { zh: "返回", en: "back" };
pub const KEY_BLANK_NOTHING_MARKED: Words = Words { zh: "空白票（未作任何标记）", en: "blank (nothing marked)" };
pub const KEY_BLANK_THIS_SUBJECT_NOT_RATED: Words = Words { zh: "未评（此测评对象留空）", en: "blank (this subject not rated)" };
pub const KEY_CANCEL_RECORDS_NOTHING: Words = Words { zh: "取消导入", en: "cancel (records nothing)" };
pub const KEY_CHECK_IN_THE_TYPED_SEAT_ELSE: Words = Words { zh: "报到（输入的座位号，否则选中代表）", en: "check in (the typed seat, else the selected deputy)" };
pub const KEY_CLEAR_THE_BALLOT_BACK: Words = Words { zh: "清空本票 / 返回", en: "clear (the ballot) / back" };
pub const KEY_CLOSE_HELP: Words = Words { zh: "关闭帮助", en: "close help" };
pub const KEY_CLOSE_THE_SESSION_FINAL: Words = Words { zh: "闭会（最终）", en: "close the session (final)" };
pub const KEY_CLOSE_VOTING: Words = Words { zh: "截止表决", en: "close (voting)" };
pub const KEY_CLOSE_VOTING_ON_THE_OPEN_ITEM: Words = Words { zh: "截止表决", en: "close (voting on the open item)" };
pub const KEY_CONFIRM_HEAD_TYPE_ITS_FIRST_8: Words = Words { zh: "核对哈希（输入计数单上哈希前8位和姓名）", en: "confirm head (type its first 8 digits, name)" };
pub const KEY_CORRECT_VOID_A_RECORDED_BALLOT: Words = Words { zh: "更正（作废已记录的票）", en: "correct (void a recorded ballot)" };
pub const KEY_DECLARE_THE_RESULT: Words = Words { zh: "宣布结果", en: "declare the result" };
pub const KEY_DECLARE_THE_RESULT_2: Words = Words { zh: "宣布结果", en: "declare (the result)" };
pub const KEY_DELETE: Words = Words { zh: "删除", en: "delete" };
pub const KEY_DONE: Words = Words { zh: "确定", en: "done" };
pub const KEY_DOWN: Words = Words { zh: "下移", en: "down" };
pub const KEY_FIND_BY_NAME: Words = Words { zh: "查找（按姓名）", en: "find (by name)" };
pub const KEY_FINISH_THE_BOX: Words = Words { zh: "结束本票箱（关闭计票台日志）", en: "finish the box (close the station log)" };
pub const KEY_FURTHER_ELECTION: Words = Words { zh: "另行选举 / 再次投票", en: "further election / vote again" };
pub const KEY_FURTHER_ELECTION_THREE_MORE: Words = Words { zh: "另行选举，候选人比名额多三人", en: "further election, three more candidates than places" };
pub const KEY_FURTHER_ELECTION_TWO_MORE: Words = Words { zh: "另行选举，候选人比名额多二人", en: "further election, two more candidates than places" };
pub const KEY_FURTHER_ROUND_TIE_VOID_UNFILLED: Words = Words { zh: "另行票决（平票 / 无效 / 名额未满）", en: "further round (tie / void / unfilled)" };
pub const KEY_HELP: Words = Words { zh: "帮助", en: "help" };
pub const KEY_IMPORT_KEYPAD_OR_SCANNER_EXPORT_STATION: Words = Words { zh: "导入（表决器、扫描仪导出或计票台日志）", en: "import (keypad or scanner export, station logs)" };
pub const KEY_KEEP_COUNT_AFTER_A_RECOUNT_ASKS: Words = Words { zh: "维持张数（复点后，需填理由）", en: "keep count (after a recount; asks why)" };
pub const KEY_MOVE_DOWN: Words = Words { zh: "下移", en: "move down" };
pub const KEY_MOVE_UP: Words = Words { zh: "上移", en: "move up" };
pub const KEY_NO_ANOTHER_PERSON: Words = Words { zh: "不是：另一人", en: "no: another person" };
pub const KEY_NO_CANCEL: Words = Words { zh: "取消", en: "no, cancel" };
pub const KEY_ON_LEAVE_THE_TYPED_SEAT_ELSE: Words = Words { zh: "请假（输入的座位号，否则选中代表）", en: "on leave (the typed seat, else the selected deputy)" };
pub const KEY_OPEN_ENTER_THE_SELECTED_ITEM: Words = Words { zh: "开始表决 / 进入选中事项", en: "open / enter the selected item" };
pub const KEY_OPEN_THE_FURTHER_ROUND: Words = Words { zh: "另行票决", en: "open the further round" };
pub const KEY_PAGE_DOWN: Words = Words { zh: "下一页", en: "page down" };
pub const KEY_PAGE_UP: Words = Words { zh: "上一页", en: "page up" };
pub const KEY_QUIT: Words = Words { zh: "退出", en: "quit" };
pub const KEY_QUIT_EVERYTHING_RECORDED_IS_IN_THE: Words = Words { zh: "退出（已记录的都在日志中）", en: "quit (everything recorded is in the log)" };
pub const KEY_RATE_ON_THE_SCALE_0_ABSTAIN: Words = Words { zh: "按测评档次（0 = 弃权）", en: "rate on the scale (0 = abstain)" };
pub const KEY_RECORD_ONCE_ALL_DECIDED_ASKS: Words = Words { zh: "记录（全部裁定后，需确认）", en: "record (once all decided; asks)" };
pub const KEY_RECORD_SINGLE_ENTRY_ASKS_WHY: Words = Words { zh: "按单录记录（需填理由）", en: "record single entry (asks why)" };
pub const KEY_RECORD_THIS_BALLOT: Words = Words { zh: "记录（本张选票）", en: "record (this ballot)" };
pub const KEY_SEAL_BOX_LABELS_AND_BALLOTS_COLLECTED: Words = Words { zh: "封箱（登记票箱编号与收回票数，开箱前）", en: "seal (box labels and ballots collected)" };
pub const KEY_SEAT_TYPE_ITS_NUMBER_THEN_ENTER: Words = Words { zh: "座位号（输入后按 Enter / l / x）", en: "seat (type its number, then Enter, l or x)" };
pub const KEY_SPOILED_AN_UNREADABLE_BALLOT: Words = Words { zh: "废票（无法辨认）", en: "spoiled (an unreadable ballot)" };
pub const KEY_TAKE_THE_NAME_OFFERED: Words = Words { zh: "采用提示的姓名", en: "take the name offered" };
pub const KEY_TAKE_THIS_DEPUTY_S_BALLOT: Words = Words { zh: "确认代表", en: "take this deputy's ballot" };
pub const KEY_TICK_UNTICK_CANDIDATE_1_10: Words = Words { zh: "勾选 / 取消第 1–10 个候选项目", en: "tick / untick candidate 1–10" };
pub const KEY_TICK_UNTICK_THE_SELECTED_CANDIDATE: Words = Words { zh: "勾选 / 取消选中项目", en: "tick / untick the selected candidate" };
pub const KEY_TYPE: Words = Words { zh: "输入文字", en: "type" };
pub const KEY_TYPE_A_BALLOT_NUMBER_TO_JUMP: Words = Words { zh: "输入票号跳转", en: "type a ballot number to jump to it" };
pub const KEY_TYPE_THE_DEPUTY_S_SEAT_NUMBER: Words = Words { zh: "输入代表座位号", en: "type the deputy's seat number" };
pub const KEY_UNDO_THE_LAST_MARK: Words = Words { zh: "撤销（最后一个标记）", en: "undo (the last mark)" };
pub const KEY_UP: Words = Words { zh: "上移", en: "up" };
pub const KEY_VOID_ASKS_WHY: Words = Words { zh: "无效（需填理由）", en: "void (asks why)" };
pub const KEY_VOID_FOR_ANOTHER_REASON_ASKS_THE: Words = Words { zh: "其他无效票（需填理由）", en: "void (for another reason; asks the reason)" };
pub const KEY_VOID_THE_SELECTED_BALLOT_ASKS_A: Words = Words { zh: "作废选中的票（需填理由）", en: "void the selected ballot (asks a reason)" };
pub const KEY_WRITE_IN: Words = Words { zh: "另选他人（写入姓名）", en: "write in another person" };
pub const KEY_WRITE_THIS_NAME_IN: Words = Words { zh: "写入此姓名", en: "write this name in" };
pub const KEY_YES_DO_IT: Words = Words { zh: "确认", en: "yes, do it" };
pub const KEY_YES_PADDED: Words = Words { zh: "确认    ", en: "yes    " };
pub const KEY_YES_THIS_PERSON: Words = Words { zh: "是此人", en: "yes, that person" };
pub const LAST_PLACE: Words = Words { zh: " 应选名额线 ", en: " last place " };
pub const LIST_SEPARATOR: Words = Words { zh: "；", en: "; " };
pub const LIVE_COUNT_NOT_DECLARED: Words = Words { zh: "实时计票（未宣布）", en: "Live count (not declared)" };
pub const LIVE_COUNT_NOT_DECLARED_PRESIDIUM_ONLY: Words = Words { zh: "实时计票 · 待宣布（仅供主席团）", en: "Live count · not declared (presidium only)" };
pub const LIVE_TALLY: Words = Words { zh: "实时计票", en: "Live tally" };
pub const LOG: Words = Words { zh: "日志", en: "Log" };
pub const LOG_RECORDS: Words = Words { zh: "日志记录", en: "records" };
pub const MARK_ABSTAIN_SHORT: Words = Words { zh: "弃", en: "-" };
pub const MARK_AGAINST_SHORT: Words = Words { zh: "反", en: "A" };
pub const MARK_FOR_SHORT: Words = Words { zh: "赞", en: "F" };
pub const MIRRORED: Words = Words { zh: " · 镜像", en: " · mirrored" };
pub const MOTION: Words = Words { zh: "议案", en: "motion" };
pub const NAME: Words = Words { zh: "姓名", en: "name" };
pub const NAMED: Words = Words { zh: "记名", en: "named" };
pub const NAME_AS_WRITTEN: Words = Words { zh: "姓名（按选票写法）：", en: "Name as written: " };
pub const NEW_SESSION_LOG: Words = Words { zh: "新建会议日志", en: "new session log" };
pub const NEW_STATION_LOG_KEY_THIS_BOX: Words = Words { zh: "新建计票台日志：逐张录入本票箱的选票，可在选票上用铅笔写下屏幕所示票号", en: "new station log: key this box's ballots one by one; pencil the number shown on each ballot" };
pub const NOBODY_IS_ABSENT: Words = Words { zh: "没有缺席的代表", en: "nobody is absent" };
pub const NONE_WRITTEN_IN: Words = Words { zh: "未另选", en: "none written in" };
pub const NOTE_MORE_COLLECTED_THAN_ISSUED: Words = Words { zh: "。注意：收回多于发出", en: ". Note: more collected than issued" };
pub const NOTHING_MARKED_YET_B_RECORDS_A: Words = Words { zh: "本票尚未标记：空白票请按 b，无法辨认的废票请按 s", en: "nothing marked yet: b records a blank ballot, s a spoiled one" };
pub const NOT_ADOPTED: Words = Words { zh: "未通过", en: "not adopted" };
pub const NOT_AN_ANSWER_FOR_THIS_ROW: Words = Words { zh: "此项不能这样裁定：读数不一致按 1 / 2 / o，合计不一致按 1 / 2，张数不符按 k，单录按 s，哈希按 h", en: "not an answer for this row: a reading takes 1, 2 or o; totals 1 or 2; a count k; single entry s; a head h" };
pub const NOT_DECLARED: Words = Words { zh: "待宣布 · ", en: "not declared · " };
pub const NOT_ELECTED: Words = Words { zh: "未当选", en: "not elected" };
pub const NOT_KEYED_AGAIN_THE_NEXT_BALLOT: Words = Words { zh: "不重新录入：下一张为新的选票", en: "not keyed again: the next ballot is a new paper" };
pub const NOT_RATED: Words = Words { zh: "未评", en: "not rated" };
pub const NOT_THIS_STATION_LOG_S_HEAD: Words = Words { zh: "与该计票台日志的哈希不符：这不是计数单上签字的日志，不要导入，请重新录入本票箱", en: "not this station log's head: it is not the log the table signed; do not import it, key the box again" };
pub const NOT_TICKED: Words = Words { zh: "未勾选", en: "not ticked" };
pub const NOT_VOTED: Words = Words { zh: "未投", en: "not voted" };
pub const NO_BALLOTS_RECORDED_YET: Words = Words { zh: "还没有已记录的选票", en: "no ballots recorded yet" };
pub const NO_ITEM_IS_OPEN: Words = Words { zh: "没有正在表决的事项", en: "no item is open" };
pub const NO_ITEM_IS_OPEN_TITLE: Words = Words { zh: "没有正在表决的事项", en: "No item is open" };
pub const NO_STATION_LOG_FOUND_THERE: Words = Words { zh: "没有找到计票台日志", en: "no station log found there" };
pub const NO_VALID_BALLOTS: Words = Words { zh: "无有效票", en: "no valid ballots" };
pub const N_12345678901: Words = Words { zh: "12345678", en: "12345678901" };
pub const N_1_FOR_2_AGAINST_3_ABSTAIN: Words = Words { zh: " 1 赞成  2 反对  3 弃权  · 未标记按弃权", en: " 1 for  2 against  3 abstain · unmarked = abstain" };
pub const ON_LEAVE: Words = Words { zh: "请假", en: "On leave" };
pub const OPERATOR: Words = Words { zh: "操作员", en: "operator" };
pub const OUTRANKED: Words = Words { zh: "未入选", en: "outranked" };
pub const PENDING: Words = Words { zh: "待表决", en: "pending" };
pub const PHASE_OPEN: Words = Words { zh: "表决中", en: "OPEN" };
pub const PRESENT: Words = Words { zh: "实到", en: "present" };
pub const PRESENT_BY_DELEGATION: Words = Words { zh: "各代表团出席", en: "Present by delegation" };
pub const PRESENT_COUNT: Words = Words { zh: "出席人数", en: "present" };
pub const PRESENT_DEPUTIES: Words = Words { zh: "实到代表", en: "Present" };
pub const PRESENT_LABEL: Words = Words { zh: "实到", en: "Present" };
pub const PRESIDIUM: Words = Words { zh: "主席团 · ", en: "presidium · " };
pub const QUORUM_MET: Words = Words { zh: "✔ 符合法定人数", en: "✔ quorum met" };
pub const QUORUM_PRESENT: Words = Words { zh: "✔ 符合法定人数", en: "✔ Quorum present" };
pub const RANK: Words = Words { zh: "名次", en: "rank" };
pub const RATE: Words = Words { zh: "满意率", en: "rate" };
pub const READING_THE_LOG: Words = Words { zh: "正在读取日志…", en: "Reading the log…" };
pub const READ_ONLY_CLOSED: Words = Words { zh: " 只读（已闭会）", en: " read-only (closed)" };
pub const READ_ONLY_STATION_LOG_CLOSED: Words = Words { zh: " 只读（计票台日志已关闭）", en: " read-only (station log closed)" };
pub const REASON: Words = Words { zh: "理由：", en: "reason: " };
pub const RECORDED: Words = Words { zh: "已记录：", en: "recorded: " };
pub const RECORDS: Words = Words { zh: "记录数", en: "records" };
pub const RECORD_AN_UNREADABLE_SPOILED_BALLOT_AS: Words = Words { zh: "记录一张无法辨认的废票？", en: "Record an unreadable (spoiled) ballot as VOID?" };
pub const RECORD_A_BLANK_BALLOT_NOTHING_MARKED: Words = Words { zh: "记录一张空白票（未作任何标记，计为有效票）？", en: "Record a BLANK ballot (nothing marked; a valid ballot)?" };
pub const RECORD_THE_SINGLE_ENTRY: Words = Words { zh: "按单录记录", en: "Record the single entry" };
pub const RECORD_THIS_BALLOT_ANYWAY: Words = Words { zh: "仍记录这张选票？", en: "Record this ballot anyway?" };
pub const RESULT: Words = Words { zh: "表决结果", en: "Result" };
pub const RESULT_DECLARED: Words = Words { zh: "表决结果（已宣布）", en: "Result (declared)" };
pub const RESULT_NOT_YET_DECLARED: Words = Words { zh: "表决结果（待宣布）", en: "Result (not yet declared)" };
pub const RESUMED_THE_LOG_IS_INTACT: Words = Words { zh: "已恢复会议：日志完好", en: "resumed: the log is intact" };
pub const RETURNED_EXCEEDS_ISSUED_THIS_VOTE_IS: Words = Words { zh: "。收回多于发出：本次表决无效，须重新票决", en: ". Returned exceeds issued: this vote is VOID and must be re-run" };
pub const RETURNED_ISSUED_THIS_VOTE_WILL_BE: Words = Words { zh: "  收回多于发出：本次表决将无效", en: "  returned > issued: this vote will be VOID" };
pub const RETURNED_ISSUED_VOTE_VOID_RE_RUN: Words = Words { zh: "收回多于发出：表决无效，须重新票决", en: "returned > issued: vote VOID, re-run it" };
pub const RE_RUN_OF_A_VOID_VOTE: Words = Words { zh: "表决无效重新票决", en: "re-run of a void vote" };
pub const ROUND: Words = Words { zh: "第", en: "round" };
pub const RULED: Words = Words { zh: "裁定", en: "ruled" };
pub const RULED_VOID: Words = Words { zh: "裁定为无效票", en: "Ruled void" };
pub const RUNOFF_AFTER_A_TIE: Words = Words { zh: "票数相等另行票决", en: "runoff after a tie" };
pub const SATISFACTION_RATES_BELOW: Words = Words { zh: "满意率见下表", en: "satisfaction rates below" };
pub const SEAL_THE_ROUND_S_BOXES_BEFORE: Words = Words { zh: "登记本轮票箱（开箱之前）", en: "Seal the round's boxes (before opening)" };
pub const SEAT: Words = Words { zh: "座位", en: "seat" };
pub const SEATED: Words = Words { zh: "应到", en: "Seated" };
pub const SEATED_COUNT: Words = Words { zh: "应到人数", en: "seated" };
pub const SEATED_DEPUTIES: Words = Words { zh: "应到代表", en: "Seated" };
pub const SEATED_LABEL: Words = Words { zh: "应到", en: "seated" };
pub const SEAT_NUMBER: Words = Words { zh: "座位号", en: "seat" };
pub const SEAT_NUMBER_OF_THE_DEPUTY: Words = Words { zh: "输入代表座位号", en: "Seat number of the deputy" };
pub const SECRET: Words = Words { zh: "无记名", en: "secret" };
pub const SEPARATED_BY_COMMAS_E_G_1: Words = Words { zh: "以逗号分隔，如 1,2,3；导入时只认这些编号", en: "separated by commas, e.g. 1,2,3; only these labels are imported" };
pub const SEQUENCE: Words = Words { zh: "序号", en: "sequence" };
pub const SESSION_BINDING: Words = Words { zh: "会议绑定", en: "session binding" };
pub const SESSION_CLOSED: Words = Words { zh: " · 已闭会", en: " · session closed" };
pub const SESSION_CLOSED_COPY_THE_RECORD_COUNT: Words = Words { zh: "已闭会。请将以下记录数和哈希抄录到签字的结果报告单上：", en: "Session closed. Copy the record count and head onto the signed result sheet:" };
pub const SPOILED: Words = Words { zh: "废票", en: "spoiled" };
pub const SPOILED_UNREADABLE: Words = Words { zh: "废票（无法辨认）", en: "spoiled" };
pub const STANDING_COMMITTEE: Words = Words { zh: "常委会会议", en: "Standing committee" };
pub const STATION_LOG_RESUMED_INTACT_KEY_ON: Words = Words { zh: "已恢复计票台日志：日志完好，接着录入", en: "station log resumed: intact, key on" };
pub const STATUS: Words = Words { zh: "状态", en: "status" };
pub const STATUS_ABSENT: Words = Words { zh: "缺席", en: "absent" };
pub const STATUS_ON_LEAVE: Words = Words { zh: "请假", en: "on leave" };
pub const STATUS_PRESENT: Words = Words { zh: "出席", en: "present" };
pub const STATUS_TIE: Words = Words { zh: "票数相等", en: "TIE" };
pub const SUBJECT: Words = Words { zh: "测评对象", en: "subject" };
pub const THEY_DIFFER_RECOUNT_FIRST_IF_CLOSED: Words = Words { zh: "。两者不一致：请先复点；如实关闭则导入时须由监票人裁定", en: ". They differ: recount first; if closed as is, the scrutineers must decide at import" };
pub const THE_BOXES_DO_NOT_ADD_UP: Words = Words { zh: "票箱与收回票数不符：监票人裁定", en: "The boxes do not add up: the scrutineers' decision" };
pub const THE_FIRST_TELLER_S_READING: Words = Words { zh: "按第一位计票员的读数", en: "The first teller's reading" };
pub const THE_LOG: Words = Words { zh: "日志", en: "the log" };
pub const THE_LOG_HAS_NO_READABLE_SESSION: Words = Words { zh: "日志中没有可读的会议绑定记录，不显示表决结果。请秘书处运行 votedesk verify 核查。", en: "The log has no readable session binding. No results are shown. The secretariat must run votedesk verify." };
pub const THE_LOG_IS_EMPTY_WAITING_FOR: Words = Words { zh: "日志为空，等待控制台写入", en: "The log is empty: waiting for the console" };
pub const THE_MIRROR: Words = Words { zh: "镜像", en: "the mirror" };
pub const THE_SCRUTINEERS_DECIDE_WITH_A_REASON: Words = Words { zh: "：须由监票人裁定并填写理由后才能截止", en: ": the scrutineers decide, with a reason, before voting closes" };
pub const THE_SCRUTINEERS_DECISION_NEEDS_ITS_REASON: Words = Words { zh: "须填写监票人的裁定理由", en: "the scrutineers' decision needs its reason" };
pub const THE_SECOND_TELLER_S_READING: Words = Words { zh: "按第二位计票员的读数", en: "The second teller's reading" };
pub const THE_SESSION_IS_CLOSED_READ_ONLY: Words = Words { zh: "会议已闭会：只读", en: "the session is closed: read-only" };
pub const THIS_BOX_AS_KEYED_NO_VERDICT: Words = Words { zh: "本票箱录入（不作判定）", en: "This box as keyed (no verdict)" };
pub const THIS_BOX_IS_FINISHED_AND_ITS: Words = Words { zh: "本票箱已录入完毕，计票台日志已关闭：只读", en: "this box is finished and its station log closed: read-only" };
pub const THIS_ELECTION_TAKES_NO_NAMES_WRITTEN_IN: Words = Words { zh: "本次选举不设另选他人", en: "this election takes no names written in" };
pub const THIS_ITEM_NEEDS_NO_FURTHER_ROUND: Words = Words { zh: "该事项不需要另行票决", en: "this item needs no further round" };
pub const THIS_ROUND_ALREADY_HAS_BALLOTS_BOXES: Words = Words { zh: "本轮已有选票记录：票箱须在第一张选票之前登记", en: "this round already has ballots: boxes are sealed before the first ballot" };
pub const THIS_ROUND_S_BALLOTS_COME_ONLY: Words = Words { zh: " 本轮选票只从登记的票箱导入", en: " this round's ballots come only from its sealed boxes" };
pub const THIS_ROUND_S_BOXES_ARE_ALREADY: Words = Words { zh: "本轮票箱已登记；每轮只登记一次", en: "this round's boxes are already sealed; a round seals its boxes once" };
pub const TICKED: Words = Words { zh: "勾选", en: "ticked" };
pub const TIE: Words = Words { zh: "票数相等", en: "tie" };
pub const TYPE_THE_HEAD_S_FIRST_8: Words = Words { zh: "请输入计数单上哈希的前 8 位、空格、监票人姓名", en: "type the head's first 8 hex digits, a space, and the scrutineer's name" };
pub const TYPE_THE_NAME_AS_WRITTEN: Words = Words { zh: "请按选票上的写法输入姓名", en: "type the name as written on the ballot" };
pub const TYPE_THE_NUMBER_OF_BALLOTS_COLLECTED: Words = Words { zh: "请输入会场清点的收回票数（数字）", en: "type the number of ballots collected in the hall (a number)" };
pub const TYPE_THE_ROUND_S_BOX_LABELS: Words = Words { zh: "请输入本轮各票箱的编号，以逗号分隔，如 1,2,3", en: "type the round's box labels, separated by commas, e.g. 1,2,3" };
pub const TYPE_THE_SEAT_ENTER_THEN_KEY: Words = Words { zh: " 输入座位号后按 Enter，再录入该代表的表决", en: " type the seat, Enter, then key the deputy's vote" };
pub const T_BY_CANDIDATE: Words = Words { zh: "    t 显示各候选项目", en: "    t by candidate" };
pub const T_HIDE: Words = Words { zh: "    t 收起", en: "    t hide" };
pub const UNFILLED: Words = Words { zh: "名额未满", en: "unfilled" };
pub const VACANT: Words = Words { zh: "缺额", en: "Vacant" };
pub const VALID_BALLOTS: Words = Words { zh: "有效票", en: "valid ballots" };
pub const VOID: Words = Words { zh: "无效票", en: "void" };
pub const VOTE_VALID: Words = Words { zh: "表决有效", en: "vote valid" };
pub const VOTE_VOID: Words = Words { zh: "表决无效", en: "vote void" };
pub const VOTE_VOID_RETURNED_ISSUED_TO_BE: Words = Words { zh: "表决无效（收回多于发出），须重新表决", en: "VOTE VOID (returned > issued): to be re-run" };
pub const VOTING: Words = Words { zh: "正在表决", en: "Voting" };
pub const VOTING_CLOSED: Words = Words { zh: "表决已截止", en: "Voting closed" };
pub const VOTING_IN_PROGRESS_RESULTS_ARE_SHOWN: Words = Words { zh: "表决进行中 · 结果由主持人宣布后显示", en: "Voting in progress · results are shown once the chair declares them" };
pub const WORDS: Words = Words { zh: "、", en: ", " };
pub const WRITTEN_IN: Words = Words { zh: "另选", en: "written in" };
pub const WRITTEN_IN_TITLE: Words = Words { zh: "另选他人", en: "Write in another person" };

/// Every sentence here, for the checks below.
pub const ALL: &[Words] = &[
    ABSENT, ABSTAIN, ADOPTED, AGAINST, AGENDA, ALREADY_DECLARED_A_DECLARED_RESULT_IS, ANCHOR,
    ATTENDANCE, A_CORRECTION_NEEDS_A_REASON, A_FURTHER_VOTE_DECIDES,
    A_TIE_A_FURTHER_VOTE_DECIDES, A_VOID_BALLOT_NEEDS_ITS_REASON,
    BALLOTS_COLLECTED_COUNTED_IN_THE_HALL, BALLOTS_COLLECTED_IN_THE_HALL, BALLOTS_RETURNED,
    BLANK, BLANK_NOTHING_TICKED, BOX_FINISHED_THE_STATION_LOG_IS, BOX_LABELS, CANCEL, CANCELLED,
    CANDIDATE, CANDIDATE_PERSON, CANNOT_READ, CHECKED_WHOLE_FIRST_THEN_RECORDED_AT, CHECK_IN,
    CLOSED, CLOSE_VOTING_FIRST, CLOSING_RECORD, COLLECTED, COLON, COLON_SPACED, COLON_WHY,
    COLUMN_ABSTAIN, COLUMN_AGAINST, COLUMN_NOT_VOTED, COLUMN_PROVISIONAL, COLUMN_RESULT,
    COLUMN_RETURNED, COLUMN_SATISFIED_RATE, CONFIRM, CONGRESS_SESSION,
    CORRECTIONS_PICK_THE_BALLOT_TO_VOID, COUNTED_IN_BOXES,
    COUNTING_THE_CHAIR_DECLARES_THE_RESULT, COUNT_NOT_YET_DECLARED_PRESIDIUM_ONLY, CUT_OFF_MET,
    CUT_OFF_NOT_MET, DECLARATION_ANCHOR_LOG_RECORD, DECLARED, DECLARED_RESULTS,
    DECLARE_THE_RESULT_FIRST_D_THEN, DELEGATION, ELECTED, EVENT_RULES,
    EVERY_DECISION_NEEDS_ITS_REASON, FILE, FIND, FOLLOWING, FOR, FRAMING,
    FURTHER_VOTE_FOR_UNFILLED_PLACES, F_OPENS_A_FURTHER_ROUND, HASH_CHAIN, HEAD,
    HEAD_ITS_FIRST_8_DIGITS_AS, HEAD_NAME, IMPORT_BALLOTS_CSV_OR_A_FOLDER,
    IMPORT_CANCELLED_NOTHING_RECORDED, INPUT_STOPPED, I_THE_FOLDER_OF_STATION_LOGS,
    KEEP_THE_KEYED_COUNT, KEYS_ESC_CLOSES, KEY_1ST_READING_ASKS_WHY, KEY_2ND_READING_ASKS_WHY,
    KEY_ABSENT_THE_TYPED_SEAT_ELSE_THE, KEY_ALL_IN_EVERYONE_NOT_ON_LEAVE, KEY_ATTENDANCE,
    KEY_BACK, KEY_BLANK_NOTHING_MARKED, KEY_BLANK_THIS_SUBJECT_NOT_RATED,
    KEY_CANCEL_RECORDS_NOTHING, KEY_CHECK_IN_THE_TYPED_SEAT_ELSE, KEY_CLEAR_THE_BALLOT_BACK,
    KEY_CLOSE_HELP, KEY_CLOSE_THE_SESSION_FINAL, KEY_CLOSE_VOTING,
    KEY_CLOSE_VOTING_ON_THE_OPEN_ITEM, KEY_CONFIRM_HEAD_TYPE_ITS_FIRST_8,
    KEY_CORRECT_VOID_A_RECORDED_BALLOT, KEY_DECLARE_THE_RESULT, KEY_DECLARE_THE_RESULT_2,
    KEY_DELETE, KEY_DONE, KEY_DOWN, KEY_FIND_BY_NAME, KEY_FURTHER_ELECTION,
    KEY_FURTHER_ELECTION_THREE_MORE, KEY_FURTHER_ELECTION_TWO_MORE,
    KEY_FURTHER_ROUND_TIE_VOID_UNFILLED, KEY_HELP, KEY_IMPORT_KEYPAD_OR_SCANNER_EXPORT_STATION,
    KEY_KEEP_COUNT_AFTER_A_RECOUNT_ASKS, KEY_MOVE_DOWN, KEY_MOVE_UP, KEY_NO_ANOTHER_PERSON,
    KEY_NO_CANCEL, KEY_ON_LEAVE_THE_TYPED_SEAT_ELSE, KEY_OPEN_ENTER_THE_SELECTED_ITEM,
    KEY_OPEN_THE_FURTHER_ROUND, KEY_PAGE_DOWN, KEY_PAGE_UP, KEY_QUIT,
    KEY_QUIT_EVERYTHING_RECORDED_IS_IN_THE, KEY_RATE_ON_THE_SCALE_0_ABSTAIN,
    KEY_RECORD_ONCE_ALL_DECIDED_ASKS, KEY_RECORD_SINGLE_ENTRY_ASKS_WHY, KEY_RECORD_THIS_BALLOT,
    KEY_SEAL_BOX_LABELS_AND_BALLOTS_COLLECTED, KEY_SEAT_TYPE_ITS_NUMBER_THEN_ENTER,
    KEY_SPOILED_AN_UNREADABLE_BALLOT, KEY_TAKE_THE_NAME_OFFERED, KEY_TAKE_THIS_DEPUTY_S_BALLOT,
    KEY_TICK_UNTICK_CANDIDATE_1_10, KEY_TICK_UNTICK_THE_SELECTED_CANDIDATE, KEY_TYPE,
    KEY_TYPE_A_BALLOT_NUMBER_TO_JUMP, KEY_TYPE_THE_DEPUTY_S_SEAT_NUMBER, KEY_UNDO_THE_LAST_MARK,
    KEY_UP, KEY_VOID_ASKS_WHY, KEY_VOID_FOR_ANOTHER_REASON_ASKS_THE,
    KEY_VOID_THE_SELECTED_BALLOT_ASKS_A, KEY_WRITE_IN, KEY_WRITE_THIS_NAME_IN, KEY_YES_DO_IT,
    KEY_YES_PADDED, KEY_YES_THIS_PERSON, LAST_PLACE, LIST_SEPARATOR, LIVE_COUNT_NOT_DECLARED,
    LIVE_COUNT_NOT_DECLARED_PRESIDIUM_ONLY, LIVE_TALLY, LOG, LOG_RECORDS, MARK_ABSTAIN_SHORT,
    MARK_AGAINST_SHORT, MARK_FOR_SHORT, MIRRORED, MOTION, NAME, NAMED, NAME_AS_WRITTEN,
    NEW_SESSION_LOG, NEW_STATION_LOG_KEY_THIS_BOX, NOBODY_IS_ABSENT, NONE_WRITTEN_IN,
    NOTE_MORE_COLLECTED_THAN_ISSUED, NOTHING_MARKED_YET_B_RECORDS_A, NOT_ADOPTED,
    NOT_AN_ANSWER_FOR_THIS_ROW, NOT_DECLARED, NOT_ELECTED, NOT_KEYED_AGAIN_THE_NEXT_BALLOT,
    NOT_RATED, NOT_THIS_STATION_LOG_S_HEAD, NOT_TICKED, NOT_VOTED, NO_BALLOTS_RECORDED_YET,
    NO_ITEM_IS_OPEN, NO_ITEM_IS_OPEN_TITLE, NO_STATION_LOG_FOUND_THERE, NO_VALID_BALLOTS,
    N_12345678901, N_1_FOR_2_AGAINST_3_ABSTAIN, ON_LEAVE, OPERATOR, OUTRANKED, PENDING,
    PHASE_OPEN, PRESENT, PRESENT_BY_DELEGATION, PRESENT_COUNT, PRESENT_DEPUTIES, PRESENT_LABEL,
    PRESIDIUM, QUORUM_MET, QUORUM_PRESENT, RANK, RATE, READING_THE_LOG, READ_ONLY_CLOSED,
    READ_ONLY_STATION_LOG_CLOSED, REASON, RECORDED, RECORDS,
    RECORD_AN_UNREADABLE_SPOILED_BALLOT_AS, RECORD_A_BLANK_BALLOT_NOTHING_MARKED,
    RECORD_THE_SINGLE_ENTRY, RECORD_THIS_BALLOT_ANYWAY, RESULT, RESULT_DECLARED,
    RESULT_NOT_YET_DECLARED, RESUMED_THE_LOG_IS_INTACT, RETURNED_EXCEEDS_ISSUED_THIS_VOTE_IS,
    RETURNED_ISSUED_THIS_VOTE_WILL_BE, RETURNED_ISSUED_VOTE_VOID_RE_RUN, RE_RUN_OF_A_VOID_VOTE,
    ROUND, RULED, RULED_VOID, RUNOFF_AFTER_A_TIE, SATISFACTION_RATES_BELOW,
    SEAL_THE_ROUND_S_BOXES_BEFORE, SEAT, SEATED, SEATED_COUNT, SEATED_DEPUTIES, SEATED_LABEL,
    SEAT_NUMBER, SEAT_NUMBER_OF_THE_DEPUTY, SECRET, SEPARATED_BY_COMMAS_E_G_1, SEQUENCE,
    SESSION_BINDING, SESSION_CLOSED, SESSION_CLOSED_COPY_THE_RECORD_COUNT, SPOILED,
    SPOILED_UNREADABLE, STANDING_COMMITTEE, STATION_LOG_RESUMED_INTACT_KEY_ON, STATUS,
    STATUS_ABSENT, STATUS_ON_LEAVE, STATUS_PRESENT, STATUS_TIE, SUBJECT,
    THEY_DIFFER_RECOUNT_FIRST_IF_CLOSED, THE_BOXES_DO_NOT_ADD_UP, THE_FIRST_TELLER_S_READING,
    THE_LOG, THE_LOG_HAS_NO_READABLE_SESSION, THE_LOG_IS_EMPTY_WAITING_FOR, THE_MIRROR,
    THE_SCRUTINEERS_DECIDE_WITH_A_REASON, THE_SCRUTINEERS_DECISION_NEEDS_ITS_REASON,
    THE_SECOND_TELLER_S_READING, THE_SESSION_IS_CLOSED_READ_ONLY, THIS_BOX_AS_KEYED_NO_VERDICT,
    THIS_BOX_IS_FINISHED_AND_ITS, THIS_ELECTION_TAKES_NO_NAMES_WRITTEN_IN,
    THIS_ITEM_NEEDS_NO_FURTHER_ROUND, THIS_ROUND_ALREADY_HAS_BALLOTS_BOXES,
    THIS_ROUND_S_BALLOTS_COME_ONLY, THIS_ROUND_S_BOXES_ARE_ALREADY, TICKED, TIE,
    TYPE_THE_HEAD_S_FIRST_8, TYPE_THE_NAME_AS_WRITTEN, TYPE_THE_NUMBER_OF_BALLOTS_COLLECTED,
    TYPE_THE_ROUND_S_BOX_LABELS, TYPE_THE_SEAT_ENTER_THEN_KEY, T_BY_CANDIDATE, T_HIDE, UNFILLED,
    VACANT, VALID_BALLOTS, VOID, VOTE_VALID, VOTE_VOID, VOTE_VOID_RETURNED_ISSUED_TO_BE, VOTING,
    VOTING_CLOSED, VOTING_IN_PROGRESS_RESULTS_ARE_SHOWN, WORDS, WRITTEN_IN, WRITTEN_IN_TITLE,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| {
            ('\u{4e00}'..='\u{9fff}').contains(&c)
                || ('\u{3000}'..='\u{303f}').contains(&c)
                || ('\u{ff00}'..='\u{ffef}').contains(&c)
        })
    }

    #[test]
    fn every_sentence_is_said_in_both_languages() {
        for w in ALL {
            assert!(!w.zh.trim().is_empty() && !w.en.trim().is_empty(), "{w:?}");
            // A sentence whose English has words has Chinese in its Chinese (not the English
            // copied over); keys and symbols may read the same in both.
            let words = w.en.chars().filter(|c| c.is_ascii_alphabetic()).count() > 3;
            assert!(
                !words || has_cjk(w.zh) || w.zh == w.en,
                "untranslated: {w:?}"
            );
            assert!(!has_cjk(w.en), "Chinese in the English: {w:?}");
        }
    }

    #[test]
    fn no_sentence_is_written_twice() {
        for (i, a) in ALL.iter().enumerate() {
            assert!(!ALL[i + 1..].contains(a), "twice: {a:?}");
        }
    }
}
