//! A file layer that fails on demand: wraps the real log file, so what a failure leaves on
//! disk is real, and fails a chosen write, sync, truncation or rename.

use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex};

use votedesk::log::{Drift, Storage};

/// What to fail. Counters count calls from when the wrapper was put in place (1 = first).
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Fail this write; `partial` bytes of it reach the file first.
    pub write: Option<usize>,
    pub partial: usize,
    /// Fail this sync (the write before it went through).
    pub sync: Option<usize>,
    /// Every truncation fails (the cut-back after a failure cannot be made).
    pub truncate: bool,
    /// Every rename (publish) fails.
    pub publish: bool,
}

#[derive(Debug, Default)]
pub struct Calls {
    pub writes: usize,
    pub syncs: usize,
    pub truncates: Vec<u64>,
}

pub struct Faulty {
    inner: Box<dyn Storage>,
    plan: Plan,
    pub calls: Arc<Mutex<Calls>>,
}

impl Faulty {
    pub fn wrap(inner: Box<dyn Storage>, plan: Plan) -> (Box<dyn Storage>, Arc<Mutex<Calls>>) {
        let calls = Arc::new(Mutex::new(Calls::default()));
        let f = Faulty {
            inner,
            plan,
            calls: calls.clone(),
        };
        (Box::new(f), calls)
    }
}

fn injected(what: &str) -> io::Error {
    io::Error::other(format!("injected {what} failure"))
}

impl Storage for Faulty {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        let n = {
            let mut c = self.calls.lock().expect("calls");
            c.writes += 1;
            c.writes
        };
        if self.plan.write == Some(n) {
            let part = self.plan.partial.min(bytes.len());
            self.inner.append(&bytes[..part])?;
            return Err(injected("write"));
        }
        self.inner.append(bytes)
    }
    fn sync(&mut self) -> io::Result<()> {
        let n = {
            let mut c = self.calls.lock().expect("calls");
            c.syncs += 1;
            c.syncs
        };
        if self.plan.sync == Some(n) {
            return Err(injected("sync"));
        }
        self.inner.sync()
    }
    fn truncate(&mut self, len: u64) -> io::Result<()> {
        self.calls.lock().expect("calls").truncates.push(len);
        if self.plan.truncate {
            return Err(injected("truncate"));
        }
        self.inner.truncate(len)
    }
    fn check(&mut self, len: u64) -> Result<(), Drift> {
        self.inner.check(len)
    }
    fn publish(&mut self, to: &Path) -> io::Result<()> {
        if self.plan.publish {
            return Err(injected("rename"));
        }
        self.inner.publish(to)
    }
    fn path(&self) -> &Path {
        self.inner.path()
    }
}
