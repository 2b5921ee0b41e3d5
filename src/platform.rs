//! Every call that differs between Linux/Unix and Windows, in one place.
//!
//! File identity (is the path still the file we hold open?), publishing a new file without
//! replacing anything, syncing a folder, and the termination signals. Each has a Unix form
//! and a Windows counterpart; nothing else in the crate uses `cfg(unix)` or `cfg(windows)`.

#[cfg(unix)]
use std::fs::Metadata;
use std::io;
use std::path::{Path, PathBuf};

/// What identifies a file on its file system, as far as this platform can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileId {
    a: u64,
    b: u64,
}

/// The identity of an open file: device and inode on Unix.
#[cfg(unix)]
pub fn file_id(file: &std::fs::File) -> io::Result<FileId> {
    Ok(unix_id(&file.metadata()?))
}

#[cfg(unix)]
fn unix_id(meta: &Metadata) -> FileId {
    use std::os::unix::fs::MetadataExt;
    FileId {
        a: meta.dev(),
        b: meta.ino(),
    }
}

/// The identity and length of the file at `path` now: one `stat` on Unix.
#[cfg(unix)]
pub fn path_id(path: &Path) -> io::Result<(FileId, u64)> {
    let meta = std::fs::metadata(path)?;
    Ok((unix_id(&meta), meta.len()))
}

/// The identity of an open file on Windows: its volume's serial number and its file index
/// (`GetFileInformationByHandle`), which a new file at the same path never shares. Not the
/// creation time: NTFS "tunnelling" gives a file created within 15 s under a deleted file's
/// name the old file's creation time.
#[cfg(windows)]
pub fn file_id(file: &std::fs::File) -> io::Result<FileId> {
    Ok(windows_info(file)?.0)
}

#[cfg(windows)]
fn windows_info(file: &std::fs::File) -> io::Result<(FileId, u64)> {
    use std::os::windows::io::AsRawHandle;
    use windows_sys::Win32::Storage::FileSystem::{
        BY_HANDLE_FILE_INFORMATION, GetFileInformationByHandle,
    };
    // SAFETY: all-zero is a valid value of this plain C structure.
    let mut info: BY_HANDLE_FILE_INFORMATION = unsafe { std::mem::zeroed() };
    // SAFETY: the handle is open for the life of `file`, and `info` is the structure the
    // call fills in.
    let ok = unsafe { GetFileInformationByHandle(file.as_raw_handle() as _, &mut info) };
    if ok == 0 {
        return Err(io::Error::last_os_error());
    }
    let id = FileId {
        a: u64::from(info.dwVolumeSerialNumber),
        b: (u64::from(info.nFileIndexHigh) << 32) | u64::from(info.nFileIndexLow),
    };
    let len = (u64::from(info.nFileSizeHigh) << 32) | u64::from(info.nFileSizeLow);
    Ok((id, len))
}

/// The identity and length of the file at `path` now. Opened for reading with the standard
/// library's sharing (read, write and delete), so the console's own open handle never
/// stands in the way.
#[cfg(windows)]
pub fn path_id(path: &Path) -> io::Result<(FileId, u64)> {
    windows_info(&std::fs::File::open(path)?)
}

#[cfg(not(any(unix, windows)))]
pub fn file_id(file: &std::fs::File) -> io::Result<FileId> {
    Ok(FileId {
        a: file.metadata()?.len(),
        b: 0,
    })
}

#[cfg(not(any(unix, windows)))]
pub fn path_id(path: &Path) -> io::Result<(FileId, u64)> {
    let meta = std::fs::metadata(path)?;
    Ok((
        FileId {
            a: meta.len(),
            b: 0,
        },
        meta.len(),
    ))
}

/// Give the file at `from` the name `to`, never replacing an existing `to`
/// (`AlreadyExists` then). A hard link then an unlink of the old name: portable, and a crash
/// between the two leaves both names on one complete file.
pub fn publish_no_replace(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::hard_link(from, to)?;
    // The file is in place under its new name; a stale temporary name is only untidy.
    let _ = std::fs::remove_file(from);
    Ok(())
}

/// Sync the folder holding `path`, so that a new, renamed or truncated entry is durable.
#[cfg(unix)]
pub fn sync_dir(path: &Path) -> io::Result<()> {
    std::fs::File::open(parent(path))?.sync_all()
}

/// Windows makes directory entries durable with the file's own flush; a folder cannot be
/// opened for syncing without special flags, so there is nothing more to do.
#[cfg(not(unix))]
pub fn sync_dir(_path: &Path) -> io::Result<()> {
    Ok(())
}

/// A file a session file names (`名册/代表名册.csv`, or `名册\\代表名册.csv` as written on
/// Windows), relative to the session file's folder `dir`: both separators are accepted on
/// every platform, so a session folder copied between Windows and Linux keeps working.
pub fn named_path(dir: &Path, name: &str) -> PathBuf {
    if Path::new(name).is_absolute() {
        return PathBuf::from(name);
    }
    let mut path = dir.to_path_buf();
    for part in name
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != ".")
    {
        path.push(part);
    }
    path
}

/// The folder a path is in (`.` for a bare file name).
pub fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// The signals that end a terminal program politely: each sets `flag` to its number, so the
/// event loop can restore the terminal and exit between keys. If the loop has not done so
/// within `grace` (it can be stuck in the terminal library when the terminal is gone, as
/// after SIGHUP), `last_resort` runs (restoring the terminal) and the process ends as the
/// signal would have ended it.
#[cfg(unix)]
pub fn watch_termination(
    flag: &std::sync::Arc<std::sync::atomic::AtomicUsize>,
    grace: std::time::Duration,
    last_resort: fn(),
) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    let flag = flag.clone();
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            flag.store(sig as usize, std::sync::atomic::Ordering::SeqCst);
            std::thread::sleep(grace);
            last_resort();
            exit_by_signal(sig as usize);
        }
    });
    Ok(())
}

/// The flag to set, the grace before restoring, and how to restore.
#[cfg(windows)]
type Watch = (
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
    std::time::Duration,
    fn(),
);

/// What watches the console's control events on Windows (set once per process).
#[cfg(windows)]
static WATCH: std::sync::OnceLock<Watch> = std::sync::OnceLock::new();

/// On Windows there are no such signals: the console's control events come to a handler
/// (`SetConsoleCtrlHandler`). Ctrl+C in raw mode is a key, and the console treats it as its
/// quit key; a Ctrl+C or Ctrl+Break that still arrives as an event asks the loop to stop as
/// SIGINT would. Closing the window, logging off or shutting down end the process when the
/// handler returns, so the handler sets the flag (SIGTERM's number), gives the loop `grace`
/// to restore the console, and then restores it itself.
#[cfg(windows)]
pub fn watch_termination(
    flag: &std::sync::Arc<std::sync::atomic::AtomicUsize>,
    grace: std::time::Duration,
    last_resort: fn(),
) -> io::Result<()> {
    use windows_sys::Win32::System::Console::{
        CTRL_BREAK_EVENT, CTRL_C_EVENT, SetConsoleCtrlHandler,
    };
    unsafe extern "system" fn handler(event: u32) -> windows_sys::core::BOOL {
        let Some((flag, grace, last_resort)) = WATCH.get() else {
            return 0;
        };
        let interrupt = event == CTRL_C_EVENT || event == CTRL_BREAK_EVENT;
        let sig = if interrupt { 2 } else { 15 };
        flag.store(sig, std::sync::atomic::Ordering::SeqCst);
        if !interrupt {
            std::thread::sleep(*grace);
            last_resort();
        }
        1
    }
    let _ = WATCH.set((flag.clone(), grace, last_resort));
    // SAFETY: `handler` is a plain function that lives as long as the process.
    if unsafe { SetConsoleCtrlHandler(Some(handler), 1) } == 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(not(any(unix, windows)))]
pub fn watch_termination(
    flag: &std::sync::Arc<std::sync::atomic::AtomicUsize>,
    _grace: std::time::Duration,
    _last_resort: fn(),
) -> io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    for sig in [SIGTERM, SIGINT] {
        signal_hook::flag::register_usize(sig, flag.clone(), sig as usize)?;
    }
    Ok(())
}

/// Writing to a closed pipe (`votedesk verify LOG | head -1`) ends a printing command quietly,
/// as other command-line tools do, instead of a panic in `println!` (Rust ignores SIGPIPE by
/// default). Not for the terminal screens, which handle their own signals.
#[cfg(unix)]
pub fn default_sigpipe() {
    // SAFETY: setting a signal's disposition to its default, before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
pub fn default_sigpipe() {}

/// After the terminal is restored: end the process as the signal would have, so the shell
/// sees the usual status (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP).
#[cfg(unix)]
pub fn exit_by_signal(sig: usize) -> ! {
    let sig = sig as i32;
    let _ = signal_hook::low_level::emulate_default_handler(sig);
    std::process::exit(128 + sig)
}

#[cfg(not(unix))]
pub fn exit_by_signal(sig: usize) -> ! {
    std::process::exit(128 + sig as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_never_replaces() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&a, b"new").expect("write");
        std::fs::write(&b, b"old").expect("write");
        let err = publish_no_replace(&a, &b).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&b).expect("read"), b"old");
        std::fs::remove_file(&b).expect("rm");
        publish_no_replace(&a, &b).expect("publish");
        assert_eq!(std::fs::read(&b).expect("read"), b"new");
        assert!(!a.exists());
    }

    #[test]
    fn a_named_file_takes_either_separator() {
        let dir = Path::new("会议");
        let want = dir.join("名册").join("代表名册.csv");
        assert_eq!(named_path(dir, "名册\\代表名册.csv"), want);
        assert_eq!(named_path(dir, "名册/代表名册.csv"), want);
        assert_eq!(named_path(dir, "./名册//代表名册.csv"), want);
        assert_eq!(named_path(dir, "代表名册.csv"), dir.join("代表名册.csv"));
    }

    #[test]
    fn identity_tells_a_replaced_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("log");
        std::fs::write(&p, b"x").expect("write");
        let held = std::fs::File::open(&p).expect("open");
        let id = file_id(&held).expect("id");
        assert_eq!(path_id(&p).expect("id"), (id, 1));
        std::fs::remove_file(&p).expect("rm");
        std::fs::write(&p, b"xy").expect("write");
        let (now, len) = path_id(&p).expect("id");
        assert_ne!(now, id);
        assert_eq!(len, 2);
    }
}
