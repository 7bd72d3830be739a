//! Runs a parsed RUN pipeline without a shell: processes joined by OS pipes, redirections,
//! `not`, the built-in FileCheck, and a timeout.

use std::collections::BTreeMap;
use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, PipeReader, PipeWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use thiserror::Error;

use crate::filecheck::{run_filecheck, FILECHECK};
use crate::shell::{Command, Pipeline, Redirect};

/// How a command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Exited with this code.
    Code(i32),
    /// Killed by this signal (Unix).
    Signal(i32),
}

impl Status {
    /// Exit code 0.
    pub fn success(self) -> bool {
        self == Status::Code(0)
    }

    /// Killed by a signal, or exited with 101 (the exit code of a Rust panic).
    pub fn is_crash(self) -> bool {
        matches!(self, Status::Signal(_) | Status::Code(101))
    }

    /// The status seen through `not`: success becomes 1, a failure becomes 0, and a crash
    /// stays a crash (`not` never turns a crash into a pass).
    pub fn negate(self) -> Status {
        if self.success() {
            Status::Code(1)
        } else if self.is_crash() {
            self
        } else {
            Status::Code(0)
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Code(c) => write!(f, "{c}"),
            Status::Signal(s) => write!(f, "signal {s}"),
        }
    }
}

/// Where and with which tools a pipeline runs.
#[derive(Clone, Debug)]
pub struct ExecEnv {
    /// Working directory of every command (relative paths resolve against it).
    pub cwd: PathBuf,
    /// Program names replaced by a path when they start a command (`neuron-opt` → binary).
    pub tools: BTreeMap<String, PathBuf>,
    /// Wall-time limit of one RUN line; its processes are killed when it runs out.
    pub timeout: Duration,
}

/// The outcome of one stage of a pipeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageOutcome {
    /// The program as written in the RUN line (`neuron-opt`, `FileCheck`, `cat`).
    pub program: String,
    /// The status the program exited with.
    pub raw: Status,
    /// The status after the command's `not`s.
    pub status: Status,
}

/// Everything a pipeline produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PipelineOutput {
    /// One outcome per stage, first to last.
    pub stages: Vec<StageOutcome>,
    /// Standard output of the last stage (unless redirected to a file).
    pub stdout: Vec<u8>,
    /// Standard error of all stages, interleaved as written (unless redirected).
    pub stderr: Vec<u8>,
    /// The timeout ran out and the processes were killed.
    pub timed_out: bool,
}

impl PipelineOutput {
    /// Every stage succeeded (after `not`) within the time limit (lit's `pipefail` rule).
    pub fn success(&self) -> bool {
        !self.timed_out && self.stages.iter().all(|s| s.status.success())
    }

    /// The exit statuses of the stages as the programs returned them, e.g. `0 | 1`.
    pub fn raw_statuses(&self) -> String {
        let parts: Vec<String> = self.stages.iter().map(|s| s.raw.to_string()).collect();
        parts.join(" | ")
    }
}

/// A pipeline that could not be started: an unknown program or an unopenable redirection.
#[derive(Debug, Error)]
pub enum ExecError {
    /// The program could not be started.
    #[error("cannot run `{program}`: {source}")]
    Spawn {
        /// Program as written.
        program: String,
        /// Why.
        source: io::Error,
    },
    /// A redirection file could not be opened.
    #[error("cannot open `{path}` for redirection: {source}")]
    Redirect {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// Creating a pipe failed.
    #[error("cannot create a pipe: {0}")]
    Pipe(#[from] io::Error),
    /// A pipeline without commands, or a command without a program name.
    #[error("empty command")]
    EmptyCommand,
}

/// Standard input of a stage.
enum Input {
    Null,
    File(File),
    Pipe(PipeReader),
}

/// Standard output or error of a stage.
enum Output {
    File(File),
    Pipe(PipeWriter),
}

impl Input {
    /// As a child's stdio.
    fn into_stdio(self) -> Stdio {
        match self {
            Input::Null => Stdio::null(),
            Input::File(f) => f.into(),
            Input::Pipe(p) => p.into(),
        }
    }

    /// Reads everything (for a built-in command).
    fn read_all(self) -> io::Result<Vec<u8>> {
        let mut buf = Vec::new();
        match self {
            Input::Null => {}
            Input::File(mut f) => drop(f.read_to_end(&mut buf)?),
            Input::Pipe(mut p) => drop(p.read_to_end(&mut buf)?),
        }
        Ok(buf)
    }
}

impl Output {
    /// A second handle on the same file or pipe.
    fn try_clone(&self) -> io::Result<Output> {
        Ok(match self {
            Output::File(f) => Output::File(f.try_clone()?),
            Output::Pipe(p) => Output::Pipe(p.try_clone()?),
        })
    }

    /// As a child's stdio.
    fn into_stdio(self) -> Stdio {
        match self {
            Output::File(f) => f.into(),
            Output::Pipe(p) => p.into(),
        }
    }

    /// Writes `bytes`, ignoring a reader that went away (as a process killed by SIGPIPE would).
    fn write_ignoring_epipe(&mut self, bytes: &[u8]) {
        let _ = match self {
            Output::File(f) => f.write_all(bytes),
            Output::Pipe(p) => p.write_all(bytes),
        };
    }
}

/// The three standard streams of a stage after redirections.
struct Fds {
    stdin: Input,
    stdout: Output,
    stderr: Output,
}

/// A started stage.
enum Running {
    Child(Child),
    Builtin(Option<JoinHandle<Status>>),
}

/// Runs `pipeline` (already substituted) and collects its output.
pub fn run_pipeline(pipeline: &Pipeline, env: &ExecEnv) -> Result<PipelineOutput, ExecError> {
    if pipeline.commands.is_empty() || pipeline.commands.iter().any(|c| c.argv.is_empty()) {
        return Err(ExecError::EmptyCommand);
    }
    let (err_reader, err_writer) = io::pipe()?;
    let mut running = Vec::new();
    let mut prev: Option<PipeReader> = None;
    for cmd in &pipeline.commands {
        match start_command(cmd, prev.take(), &err_writer, env) {
            Ok((stage, out)) => {
                running.push(stage);
                prev = Some(out);
            }
            Err(e) => {
                abort(running);
                return Err(e);
            }
        }
    }
    drop(err_writer);
    let Some(last_stdout) = prev else {
        return Err(ExecError::EmptyCommand);
    };
    let stdout_reader = drain(last_stdout);
    let stderr_reader = drain(err_reader);
    let (statuses, timed_out) = wait_all(running, env.timeout);
    let stages = pipeline
        .commands
        .iter()
        .zip(statuses)
        .map(|(cmd, raw)| outcome(cmd, raw))
        .collect();
    Ok(PipelineOutput {
        stages,
        stdout: stdout_reader.join().unwrap_or_default(),
        stderr: stderr_reader.join().unwrap_or_default(),
        timed_out,
    })
}

/// The outcome of `cmd` given the status it exited with.
fn outcome(cmd: &Command, raw: Status) -> StageOutcome {
    let status = (0..cmd.negations).fold(raw, |s, _| s.negate());
    StageOutcome {
        program: cmd.argv[0].clone(),
        raw,
        status,
    }
}

/// Starts one command reading `prev` (the previous stage's output, if any); returns it and
/// the reading end of its standard output.
fn start_command(
    cmd: &Command,
    prev: Option<PipeReader>,
    stderr: &PipeWriter,
    env: &ExecEnv,
) -> Result<(Running, PipeReader), ExecError> {
    let (out_reader, out_writer) = io::pipe()?;
    let fds = Fds {
        stdin: prev.map_or(Input::Null, Input::Pipe),
        stdout: Output::Pipe(out_writer),
        stderr: Output::Pipe(stderr.try_clone()?),
    };
    let fds = apply_redirects(cmd, fds, &env.cwd)?;
    let program = &cmd.argv[0];
    if program == FILECHECK {
        let args = cmd.argv[1..].to_vec();
        let cwd = env.cwd.clone();
        let handle = thread::spawn(move || run_builtin(args, fds, cwd));
        return Ok((Running::Builtin(Some(handle)), out_reader));
    }
    let path = env
        .tools
        .get(program)
        .cloned()
        .unwrap_or_else(|| program.into());
    let child = std::process::Command::new(path)
        .args(&cmd.argv[1..])
        .current_dir(&env.cwd)
        .env("NO_COLOR", "1")
        .stdin(fds.stdin.into_stdio())
        .stdout(fds.stdout.into_stdio())
        .stderr(fds.stderr.into_stdio())
        .spawn()
        .map_err(|source| ExecError::Spawn {
            program: program.clone(),
            source,
        })?;
    Ok((Running::Child(child), out_reader))
}

/// Applies `cmd`'s redirections, in order, to its default streams.
fn apply_redirects(cmd: &Command, mut fds: Fds, cwd: &Path) -> Result<Fds, ExecError> {
    for redirect in &cmd.redirects {
        match redirect {
            Redirect::StdinFrom(p) => fds.stdin = Input::File(open(cwd, p, None)?),
            Redirect::StdoutTo { path, append } => {
                fds.stdout = Output::File(open(cwd, path, Some(*append))?)
            }
            Redirect::StderrTo { path, append } => {
                fds.stderr = Output::File(open(cwd, path, Some(*append))?)
            }
            Redirect::StderrToStdout => fds.stderr = fds.stdout.try_clone()?,
            Redirect::StdoutToStderr => fds.stdout = fds.stderr.try_clone()?,
        }
    }
    Ok(fds)
}

/// Opens `path` (relative to `cwd`) for reading (`append` = None) or writing.
fn open(cwd: &Path, path: &str, append: Option<bool>) -> Result<File, ExecError> {
    let path = cwd.join(path);
    let result = match append {
        None => File::open(&path),
        Some(append) => OpenOptions::new()
            .write(true)
            .create(true)
            .append(append)
            .truncate(!append)
            .open(&path),
    };
    result.map_err(|source| ExecError::Redirect { path, source })
}

/// Body of the built-in FileCheck thread.
fn run_builtin(args: Vec<String>, mut fds: Fds, cwd: PathBuf) -> Status {
    let input = match fds.stdin.read_all() {
        Ok(input) => input,
        Err(e) => {
            fds.stderr
                .write_ignoring_epipe(format!("FileCheck: cannot read input: {e}\n").as_bytes());
            return Status::Code(2);
        }
    };
    let result = std::panic::catch_unwind(|| run_filecheck(&args, &input, &cwd, false));
    match result {
        Ok(out) => {
            fds.stdout.write_ignoring_epipe(out.stdout.as_bytes());
            fds.stderr.write_ignoring_epipe(out.stderr.as_bytes());
            Status::Code(out.status)
        }
        Err(_) => {
            fds.stderr
                .write_ignoring_epipe(b"FileCheck: internal error (panic)\n");
            Status::Code(101)
        }
    }
}

/// Reads `reader` to its end on a new thread.
fn drain(mut reader: PipeReader) -> JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = reader.read_to_end(&mut buf);
        buf
    })
}

/// Kills and reaps the stages started so far (after a failure to start the next one).
fn abort(running: Vec<Running>) {
    for stage in running {
        match stage {
            Running::Child(mut child) => {
                let _ = child.kill();
                let _ = child.wait();
            }
            Running::Builtin(handle) => {
                if let Some(h) = handle {
                    let _ = h.join();
                }
            }
        }
    }
}

/// Converts a process exit status.
fn status_of(status: std::process::ExitStatus) -> Status {
    if let Some(code) = status.code() {
        return Status::Code(code);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return Status::Signal(signal);
        }
    }
    Status::Code(-1)
}

/// Polls one stage; `Some` once it has finished.
fn poll(stage: &mut Running) -> Option<Status> {
    match stage {
        Running::Child(child) => match child.try_wait() {
            Ok(Some(status)) => Some(status_of(status)),
            Ok(None) => None,
            Err(_) => Some(Status::Code(-1)),
        },
        Running::Builtin(handle) => {
            if handle.as_ref().is_some_and(|h| !h.is_finished()) {
                return None;
            }
            let joined = handle.take().map(JoinHandle::join);
            Some(joined.and_then(Result::ok).unwrap_or(Status::Code(101)))
        }
    }
}

/// Waits for every stage, killing the processes when `timeout` runs out.
fn wait_all(mut running: Vec<Running>, timeout: Duration) -> (Vec<Status>, bool) {
    let deadline = Instant::now() + timeout;
    let mut statuses: Vec<Option<Status>> = vec![None; running.len()];
    let mut timed_out = false;
    let mut nap = Duration::from_micros(200);
    loop {
        let mut pending = false;
        for (stage, status) in running.iter_mut().zip(statuses.iter_mut()) {
            if status.is_none() {
                *status = poll(stage);
                pending |= status.is_none();
            }
        }
        if !pending {
            break;
        }
        if !timed_out && Instant::now() >= deadline {
            timed_out = true;
            for stage in &mut running {
                if let Running::Child(child) = stage {
                    let _ = child.kill();
                }
            }
        }
        thread::sleep(nap);
        nap = (nap * 2).min(Duration::from_millis(20));
    }
    let statuses = statuses.into_iter().map(|s| s.unwrap_or(Status::Code(-1)));
    (statuses.collect(), timed_out)
}
