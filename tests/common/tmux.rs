//! Driving the real binary in tmux: start it, type, read the screen.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

static NEXT: AtomicU32 = AtomicU32::new(0);

pub struct Tmux {
    socket: String,
    dir: PathBuf,
}

impl Tmux {
    /// Run `votedesk ARGS` in `dir` in a new tmux server of its own, 100×30.
    pub fn start(dir: &Path, args: &str) -> Tmux {
        Self::start_sized(dir, args, 100, 30)
    }
    pub fn start_sized(dir: &Path, args: &str, w: u16, h: u16) -> Tmux {
        let socket = format!(
            "votedesk-e2e-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let t = Tmux {
            socket,
            dir: dir.to_path_buf(),
        };
        t.launch(args, w, h);
        t
    }
    pub fn launch(&self, args: &str, w: u16, h: u16) {
        let cmd = format!(
            "cd '{}' && exec env LANG=C.UTF-8 TERM=xterm-256color '{}' {args}",
            self.dir.display(),
            env!("CARGO_BIN_EXE_votedesk")
        );
        self.launch_command(&cmd, w, h);
    }
    /// Run votedesk from a shell that stays after it exits, then runs `after` (e.g. prints
    /// the exit status and `stty -a`), so the terminal votedesk left behind can be read.
    pub fn start_in_shell(dir: &Path, args: &str, after: &str) -> Tmux {
        let socket = format!(
            "votedesk-e2e-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let t = Tmux {
            socket,
            dir: dir.to_path_buf(),
        };
        let cmd = format!(
            "cd '{}' && env LANG=C.UTF-8 TERM=xterm-256color '{}' {args}; {after}; sleep 600",
            dir.display(),
            env!("CARGO_BIN_EXE_votedesk")
        );
        t.launch_command(&cmd, 100, 30);
        t
    }
    /// A tmux format value of the pane, e.g. `#{cursor_flag}` or `#{alternate_on}`.
    pub fn pane_format(&self, format: &str) -> String {
        let out = Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "display-message",
                "-p",
                "-t",
                "e2e",
                format,
            ])
            .output()
            .expect("display-message");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
    fn launch_command(&self, cmd: &str, w: u16, h: u16) {
        let ok = Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "new-session",
                "-d",
                "-s",
                "e2e",
                "-x",
                &w.to_string(),
                "-y",
                &h.to_string(),
                cmd,
            ])
            .status()
            .expect("tmux is installed (CI installs it)");
        assert!(ok.success(), "tmux new-session failed");
    }
    pub fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "e2e"])
            .stderr(Stdio::null())
            .output()
            .expect("capture");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(text, Duration::from_secs(10))
    }
    pub fn wait_until(&self, text: &str, limit: Duration) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            assert!(
                start.elapsed() < limit,
                "timed out waiting for {text:?}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(40));
        }
    }
    /// Send literal keys, then wait for the screen to settle on `expect`.
    pub fn keys(&self, keys: &str, expect: &str) -> String {
        Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "e2e", "-l", keys])
            .stderr(Stdio::null())
            .status()
            .expect("send");
        self.wait_for(expect)
    }
    /// Resize the window, as an operator dragging its corner would.
    pub fn resize(&self, w: u16, h: u16) {
        Command::new("tmux")
            .args(["-L", &self.socket, "resize-window", "-t", "e2e"])
            .args(["-x", &w.to_string(), "-y", &h.to_string()])
            .status()
            .expect("resize");
    }
    pub fn key(&self, name: &str, expect: &str) -> String {
        Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "e2e", name])
            .status()
            .expect("send");
        // Let a lone Esc be read as Esc, not as the start of an escape sequence.
        std::thread::sleep(Duration::from_millis(60));
        self.wait_for(expect)
    }
    pub fn pid(&self) -> String {
        let out = Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "list-panes",
                "-t",
                "e2e",
                "-F",
                "#{pane_pid}",
            ])
            .output()
            .expect("pid");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
    pub fn kill_server(&self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .stderr(Stdio::null())
            .status();
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.kill_server();
    }
}
