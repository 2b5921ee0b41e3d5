//! The session definition: what a secretariat clerk writes in `sessions/*.ron`.
//!
//! This module owns the file format (serde types), loading it from disk or from the bytes
//! embedded in a log, the roster CSV, and every semantic check. Nothing here counts votes.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use crate::roster::{Deputy, Problem};

mod validate;
use validate::validate;

/// The kind of body meeting; it decides the quorum rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Body {
    /// 人民代表大会 (plenary congress session).
    Congress,
    /// 人大常委会会议 (standing committee meeting).
    StandingCommittee,
}

/// Where the roster comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RosterSource {
    Inline(Vec<Deputy>),
    /// A CSV file (seat, name, delegation), relative to the session file.
    Csv(String),
}

/// How a project-vote ballot is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Form {
    /// 赞成 / 反对 / 弃权 per candidate; a candidate left unmarked counts as abstain.
    #[default]
    ForAgainstAbstain,
    /// Tick at most N candidates (差额); more than N ticks voids the ballot.
    TickAtMost(u32),
    /// An election ballot: 赞成 / 反对 / 弃权 per candidate, and other persons written in
    /// (另选他人); 赞成 and names written in together at most the places.
    Election,
}

/// What "more than half" is taken of when deciding whether a candidate passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PassBase {
    /// All seated deputies (the law's default, Local Organic Law art. 25 / 51).
    #[default]
    Seated,
    /// Deputies present when the item opened.
    Present,
    /// Valid ballots.
    Valid,
}

/// The base a rating rule divides by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RatingBase {
    Seated,
    Present,
    Returned,
    Valid,
}

/// A fraction of a base, with its exact wording: "more than" (>) or "at least" (>=).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Threshold {
    MoreThan(u64, u64),
    AtLeast(u64, u64),
}

impl Threshold {
    /// `count / base` compared with the fraction, in integers only.
    pub fn is_met(self, count: u64, base: u64) -> bool {
        match self {
            Threshold::MoreThan(num, den) => {
                u128::from(count) * u128::from(den) > u128::from(base) * u128::from(num)
            }
            Threshold::AtLeast(num, den) => {
                u128::from(count) * u128::from(den) >= u128::from(base) * u128::from(num)
            }
        }
    }

    fn parts(self) -> (u64, u64) {
        match self {
            Threshold::MoreThan(n, d) | Threshold::AtLeast(n, d) => (n, d),
        }
    }
}

impl fmt::Display for Threshold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Threshold::MoreThan(n, d) => write!(f, "> {n}/{d}"),
            Threshold::AtLeast(n, d) => write!(f, ">= {n}/{d}"),
        }
    }
}

/// One tier of a tiered rating rule: `grade` if the counted labels meet the threshold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub grade: String,
    pub counted: Vec<String>,
    pub threshold: Threshold,
}

/// How a rating's grade is decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RatingRule {
    /// First tier met gives the grade; none met gives `otherwise`.
    Tiers { tiers: Vec<Tier>, otherwise: String },
    /// 满意率: counted labels over the base, with an optional cut-off.
    Rate {
        counted: Vec<String>,
        #[serde(default)]
        cutoff: Option<Threshold>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub sponsor: Option<String>,
    /// 万元, whole numbers.
    #[serde(default)]
    pub investment: Option<u64>,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subject {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub responsible: Option<String>,
}

fn yes() -> bool {
    true
}

/// What a vote decides: livelihood projects (票决), or motions (表决: resolutions on the
/// work reports, the budget and the like). It changes only the words; the counting is the
/// same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum VoteKind {
    #[default]
    Projects,
    Motions,
    /// Persons to elect (选举): the elected are 当选.
    Election,
}

impl VoteKind {
    pub fn is_projects(&self) -> bool {
        *self == VoteKind::Projects
    }
}

/// 票决: deciding candidates (livelihood projects, or a single resolution).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectVote {
    pub id: String,
    pub title: String,
    /// Motions when the item came from a `Resolution`; left out of the model otherwise, so
    /// the model of every session without one is what it always was.
    #[serde(default, skip_serializing_if = "VoteKind::is_projects")]
    pub kind: VoteKind,
    #[serde(default)]
    pub form: Form,
    /// Places to fill; without it every candidate that passes is adopted.
    #[serde(default)]
    pub places: Option<u32>,
    /// Per-candidate form: a ballot marking 赞成 for more candidates than this is void
    /// (票决办法: 赞成的项目数多于应选项目数的为无效票). Need not equal `places`.
    #[serde(default)]
    pub max_for: Option<u32>,
    #[serde(default)]
    pub pass_base: PassBase,
    #[serde(default = "yes")]
    pub secret: bool,
    /// Show per-candidate counts on the projector while voting.
    #[serde(default)]
    pub live_display: bool,
    pub candidates: Vec<Candidate>,
    /// An election's ballot may name other persons (另选他人); left out of every other model.
    #[serde(default, skip_serializing_if = "is_false")]
    pub write_ins: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// 表决: one or several motions on one ballot or one keypad round, each for, against or
/// abstain; each motion passes alone with more than half of all deputies (Local Organic
/// Law art. 25). In the session it is a vote on motions (`ProjectVote` with
/// `kind: Motions`), counted by the same rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub pass_base: PassBase,
    /// Keypad votes name the seat; paper ballots counted secretly say `secret: true`.
    #[serde(default)]
    pub secret: bool,
    #[serde(default)]
    pub live_display: bool,
    pub motions: Vec<Candidate>,
}

impl From<Resolution> for ProjectVote {
    fn from(r: Resolution) -> ProjectVote {
        let how = (r.pass_base, r.secret, r.live_display);
        ProjectVote::on_one_ballot(VoteKind::Motions, r.id, r.title, r.motions, how)
    }
}

impl ProjectVote {
    /// A vote of `kind` on one ballot of for / against / abstain per candidate, with no
    /// places: how a resolution is written, and the start of an election.
    fn on_one_ballot(
        kind: VoteKind,
        id: String,
        title: String,
        candidates: Vec<Candidate>,
        (pass_base, secret, live_display): (PassBase, bool, bool),
    ) -> ProjectVote {
        ProjectVote {
            id,
            title,
            kind,
            form: Form::ForAgainstAbstain,
            places: None,
            max_for: None,
            pass_base,
            secret,
            live_display,
            candidates,
            write_ins: false,
        }
    }
}

/// 选举 (补选 of standing-committee members, deputies to the next level up, officials):
/// for each candidate 赞成, 反对 or 弃权, and any other person written in (另选他人, Election
/// Law art. 40); 赞成 and names written in together at most `places`, else the ballot is void.
/// A person is elected with more than half of all deputies' votes (art. 45); 等额 when there
/// are as many candidates as places, 差额 when more. In the session it is a vote on persons
/// (`ProjectVote` with `kind: Election`, `form: Election`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Election {
    pub id: String,
    pub title: String,
    pub places: u32,
    /// Whether a ballot may name other persons; the law allows it.
    #[serde(default = "yes")]
    pub write_ins: bool,
    #[serde(default)]
    pub pass_base: PassBase,
    /// Elections are secret (art. 40); `check` refuses `false`.
    #[serde(default = "yes")]
    pub secret: bool,
    #[serde(default)]
    pub live_display: bool,
    /// The persons on the ballot, `(id, title: the name)`, in ballot order.
    pub candidates: Vec<Candidate>,
}

impl From<Election> for ProjectVote {
    fn from(e: Election) -> ProjectVote {
        let how = (e.pass_base, e.secret, e.live_display);
        ProjectVote {
            form: Form::Election,
            places: Some(e.places),
            max_for: Some(e.places),
            write_ins: e.write_ins,
            ..ProjectVote::on_one_ballot(VoteKind::Election, e.id, e.title, e.candidates, how)
        }
    }
}

/// An agenda item as the clerk writes it: a resolution becomes a vote on motions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
enum FileItem {
    ProjectVote(ProjectVote),
    Rating(Rating),
    Resolution(Resolution),
    Election(Election),
}

impl From<FileItem> for Item {
    fn from(i: FileItem) -> Item {
        match i {
            FileItem::ProjectVote(p) => Item::ProjectVote(p),
            FileItem::Rating(r) => Item::Rating(r),
            FileItem::Resolution(r) => Item::ProjectVote(r.into()),
            FileItem::Election(e) => Item::ProjectVote(e.into()),
        }
    }
}

pub fn default_scale() -> Vec<String> {
    vec!["满意".into(), "基本满意".into(), "不满意".into()]
}

/// 满意度测评 / 履职评议: every subject is rated on one scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    pub id: String,
    pub title: String,
    pub subjects: Vec<Subject>,
    #[serde(default = "default_scale")]
    pub scale: Vec<String>,
    /// Whether the ballot offers 弃权 besides the scale.
    #[serde(default)]
    pub abstain: bool,
    pub rule: RatingRule,
    pub base: RatingBase,
    #[serde(default = "yes")]
    pub secret: bool,
    #[serde(default)]
    pub live_display: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Item {
    ProjectVote(ProjectVote),
    Rating(Rating),
}

impl Item {
    pub fn id(&self) -> &str {
        match self {
            Item::ProjectVote(p) => &p.id,
            Item::Rating(r) => &r.id,
        }
    }
    pub fn title(&self) -> &str {
        match self {
            Item::ProjectVote(p) => &p.title,
            Item::Rating(r) => &r.title,
        }
    }
    pub fn secret(&self) -> bool {
        match self {
            Item::ProjectVote(p) => p.secret,
            Item::Rating(r) => r.secret,
        }
    }
    pub fn live_display(&self) -> bool {
        match self {
            Item::ProjectVote(p) => p.live_display,
            Item::Rating(r) => r.live_display,
        }
    }
    /// Ids of the candidates or subjects, in ballot order.
    pub fn choice_ids(&self) -> Vec<String> {
        match self {
            Item::ProjectVote(p) => p.candidates.iter().map(|c| c.id.clone()).collect(),
            Item::Rating(r) => r.subjects.iter().map(|s| s.id.clone()).collect(),
        }
    }
    /// Titles of the candidates or subjects, in ballot order.
    pub fn choice_titles(&self) -> Vec<&str> {
        match self {
            Item::ProjectVote(p) => p.candidates.iter().map(|c| c.title.as_str()).collect(),
            Item::Rating(r) => r.subjects.iter().map(|s| s.title.as_str()).collect(),
        }
    }
}

/// The file as written by the clerk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Session")]
struct SessionFile {
    id: String,
    title: String,
    #[serde(default)]
    title_en: Option<String>,
    date: String,
    body: Body,
    #[serde(default)]
    seated: Option<u32>,
    /// The session's local UTC offset, e.g. "+08:00" (the default: all of China).
    #[serde(default)]
    utc_offset: Option<String>,
    roster: RosterSource,
    items: Vec<FileItem>,
}

/// A validated session definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: String,
    pub title: String,
    pub title_en: Option<String>,
    pub date: chrono::NaiveDate,
    pub body: Body,
    /// 应到: the seated count (roster length unless the file says otherwise).
    pub seated: u32,
    /// Local time of the session: the sheet shows every time in it, with the offset.
    pub utc_offset: chrono::FixedOffset,
    pub roster: Vec<Deputy>,
    pub items: Vec<Item>,
}

impl Session {
    /// Roster index of a seat number.
    pub fn deputy_index(&self, seat: u32) -> Option<usize> {
        self.roster.iter().position(|d| d.seat == seat)
    }
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id() == id)
    }
    pub fn candidate_count(&self) -> usize {
        self.items.iter().map(|i| i.choice_ids().len()).sum()
    }
}

/// The session as parsed, every default filled in and the roster inlined: what the first
/// record of a log carries as canonical JSON (`session_model`) so that a recount needs no
/// RON parser. Field order is the order here; `docs/log-format.md` describes each field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub id: String,
    pub title: String,
    pub title_en: Option<String>,
    /// YYYY-MM-DD.
    pub date: String,
    pub body: Body,
    pub seated: u32,
    /// "+08:00".
    pub utc_offset: String,
    pub roster: Vec<Deputy>,
    pub items: Vec<Item>,
}

impl Session {
    /// The canonical model (see `Model`).
    pub fn model(&self) -> Model {
        Model {
            id: self.id.clone(),
            title: self.title.clone(),
            title_en: self.title_en.clone(),
            date: self.date.format("%Y-%m-%d").to_string(),
            body: self.body,
            seated: self.seated,
            utc_offset: self.utc_offset.to_string(),
            roster: self.roster.clone(),
            items: self.items.clone(),
        }
    }

    /// The canonical JSON text of the model: compact, fields in declaration order.
    pub fn model_json(&self) -> String {
        // Plain data with string keys: serialising cannot fail.
        serde_json::to_string(&self.model()).unwrap_or_default()
    }
}

/// The exact bytes a session was loaded from; the log binds and embeds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFiles {
    pub session_name: String,
    pub session_bytes: Vec<u8>,
    pub roster: Option<(String, Vec<u8>)>,
}

#[derive(Debug, Clone)]
pub struct Loaded {
    pub session: Session,
    pub sources: SourceFiles,
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("cannot read {path}: {source}. Check the path and that the file is readable.")]
    Unreadable {
        path: PathBuf,
        source: crate::limits::ReadError,
    },
    #[error("{}", render_problems(.0))]
    Invalid(Vec<Problem>),
}

impl SessionError {
    /// The error in the operator's language. A file that cannot be read is said whole in
    /// Chinese (not found, no permission, a folder); a file's problems keep their places.
    pub fn say(&self, lang: crate::lang::Lang) -> String {
        let SessionError::Unreadable { path, source } = self else {
            return self.to_string();
        };
        if lang == crate::lang::Lang::En {
            return self.to_string();
        }
        let why = match source {
            crate::limits::ReadError::Io(e) => match e.kind() {
                std::io::ErrorKind::NotFound => "文件不存在".to_string(),
                std::io::ErrorKind::PermissionDenied => "没有读取权限".to_string(),
                std::io::ErrorKind::IsADirectory => "这是一个文件夹，不是会议文件".to_string(),
                _ => e.to_string(),
            },
            other => other.to_string(),
        };
        format!(
            "无法读取会议文件 {}：{why}。请检查路径，并确认文件可读",
            path.display()
        )
    }

    pub fn problems(&self) -> &[Problem] {
        match self {
            SessionError::Invalid(p) => p,
            SessionError::Unreadable { .. } => &[],
        }
    }
}

fn render_problems(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Load and validate a session file from disk (and its roster CSV, if it names one).
pub fn load_file(path: &Path) -> Result<Loaded, SessionError> {
    let bytes = crate::limits::read_capped(path, crate::limits::SESSION_BYTES).map_err(|e| {
        SessionError::Unreadable {
            path: path.to_path_buf(),
            source: e,
        }
    })?;
    let name = path.display().to_string();
    let dir = path.parent().unwrap_or(Path::new("."));
    load_with(&name, bytes, |csv_name| {
        let csv_path = crate::platform::named_path(dir, csv_name);
        let shown = csv_path.display().to_string();
        crate::limits::read_capped(&csv_path, crate::limits::ROSTER_BYTES)
            .map(|b| (shown, b))
            .map_err(|e| Problem {
                file: csv_path.display().to_string(),
                line: None,
                column: None,
                message: format!(
                    "cannot read the roster CSV named by the session file: {e}. \
                 The path is relative to the session file's folder."
                ),
            })
    })
}

/// Load from bytes already in hand (a log's embedded copy): the roster, if any, is given too.
pub fn load_embedded(sources: SourceFiles) -> Result<Loaded, SessionError> {
    let roster = sources.roster.clone();
    load_with(
        &sources.session_name,
        sources.session_bytes,
        |csv_name| match &roster {
            Some((n, b)) => Ok((n.clone(), b.clone())),
            None => Err(Problem {
                file: csv_name.to_string(),
                line: None,
                column: None,
                message: "the log does not carry the roster CSV this session names".into(),
            }),
        },
    )
}

fn load_with(
    name: &str,
    bytes: Vec<u8>,
    read_roster: impl FnOnce(&str) -> Result<(String, Vec<u8>), Problem>,
) -> Result<Loaded, SessionError> {
    let problem = |line, column, message: String| Problem {
        file: name.to_string(),
        line,
        column,
        message,
    };
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) => {
            let (line, col) = line_col(&bytes, e.valid_up_to());
            return Err(SessionError::Invalid(vec![problem(
                Some(line),
                Some(col),
                "the file is not UTF-8 text; save it as UTF-8".into(),
            )]));
        }
    };
    let options = ron::Options::default().with_default_extension(
        ron::extensions::Extensions::IMPLICIT_SOME
            | ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES,
    );
    let file: SessionFile = match options.from_str(text.trim_start_matches('\u{feff}')) {
        Ok(f) => f,
        Err(e) => {
            // A BOM shifts nothing: ron counts characters, the BOM is on line 1 before col 1.
            return Err(SessionError::Invalid(vec![problem(
                Some(e.span.start.line),
                Some(e.span.start.col),
                format!("{} (see docs/session-format.md)", explain_ron(&e.code)),
            )]));
        }
    };
    let (roster, roster_source) = match &file.roster {
        RosterSource::Inline(d) => (d.clone(), None),
        RosterSource::Csv(csv_name) => {
            let (shown, csv_bytes) =
                read_roster(csv_name).map_err(|p| SessionError::Invalid(vec![p]))?;
            let deputies = crate::roster::parse_roster_csv(&shown, &csv_bytes)
                .map_err(SessionError::Invalid)?;
            (deputies, Some((csv_name.clone(), csv_bytes)))
        }
    };
    let session = validate(name, text, file, roster)?;
    Ok(Loaded {
        session,
        sources: SourceFiles {
            session_name: Path::new(name)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| name.to_string()),
            session_bytes: bytes,
            roster: roster_source,
        },
    })
}

/// A RON parse error in the words of a session file's author: what is wrong at that place
/// and what to write instead, without the parser's own vocabulary.
fn explain_ron(code: &ron::Error) -> String {
    use ron::Error as E;
    let names = |list: &[&str]| {
        list.iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match code {
        E::Eof => "the file ends too early: a bracket or quote is not closed".into(),
        E::ExpectedComma => "a comma is missing here".into(),
        E::ExpectedArray | E::ExpectedArrayEnd => {
            "a list `[ … ]` is expected here, or its closing `]` is missing".into()
        }
        E::ExpectedStructLike | E::ExpectedStructLikeEnd | E::ExpectedNamedStructLike(_) => {
            "a `( … )` group is expected here, or its closing `)` is missing".into()
        }
        E::ExpectedString | E::ExpectedStringEnd => {
            "text in double quotes is expected here, e.g. \"…\"".into()
        }
        E::ExpectedInteger | E::InvalidIntegerDigit { .. } => {
            "a whole number is expected here".into()
        }
        E::IntegerOutOfBounds => "this number is too large (or negative where it cannot be)".into(),
        E::ExpectedBoolean => "true or false is expected here".into(),
        E::ExpectedOption | E::ExpectedOptionEnd => "a value or `None` is expected here".into(),
        E::ExpectedUnit | E::ExpectedIdentifier | E::InvalidIdentifier(_) => {
            "a field name or a keyword is expected here".into()
        }
        E::SuggestRawIdentifier(_) | E::UnexpectedChar(_) => {
            "this character does not belong here; text goes in double quotes".into()
        }
        E::TrailingCharacters => {
            "there is more after the end of the session `Session( … )`; remove it".into()
        }
        E::UnclosedBlockComment | E::UnclosedLineComment => "a comment is not closed".into(),
        E::InvalidEscape(_) => "a backslash escape in this text is not valid".into(),
        E::Utf8Error(_) => "the file is not UTF-8 text; save it as UTF-8".into(),
        E::NoSuchEnumVariant {
            expected, found, ..
        } => format!(
            "{} is not one of {}",
            crate::lang::quote(found),
            names(expected)
        ),
        E::NoSuchStructField {
            expected, found, ..
        } => format!(
            "there is no field {} here; the fields are {}",
            crate::lang::quote(found),
            names(expected)
        ),
        E::MissingStructField { field, .. } => format!("the field `{field}` is missing"),
        E::DuplicateStructField { field, .. } => format!("the field `{field}` is given twice"),
        E::InvalidValueForType { expected, .. } => {
            format!("this value does not fit here: {expected} is expected")
        }
        E::ExpectedDifferentLength { expected, found } => {
            format!("{found} values given; {expected} are expected")
        }
        E::ExpectedDifferentStructName { expected, .. } => {
            format!("`{expected}( … )` is expected here")
        }
        E::ExceededRecursionLimit => "brackets are nested too deeply".into(),
        _ => "this is not valid session-file syntax".into(),
    }
}

pub use crate::textpos::{RecordLines, line_col};
pub use validate::valid_id;

/// The label recorded for an abstention on a rating ballot.
pub const ABSTAIN_LABEL: &str = "弃权";
