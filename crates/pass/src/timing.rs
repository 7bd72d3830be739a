//! Wall-clock timing of a run, reported like `mlir-opt --mlir-timing`: a tree of named
//! timers (`Parser`, each pass, `'func.func' Pipeline` with its passes, `Output`) plus
//! `Rest` and `Total` lines.

use std::io::Write;
use std::time::{Duration, Instant};

const RULE: &str =
    "===-------------------------------------------------------------------------===";
const TITLE: &str = "                         ... Execution time report ...";

/// One timer: a line of the report, with nested timers under it.
#[derive(Clone, Debug)]
struct TimerNode {
    key: String,
    name: String,
    wall: Duration,
    children: Vec<TimerNode>,
}

/// The timers of one tool run; the driver adds `Parser` and `Output`, the pass manager
/// adds one line per pass instance. Timers with the same key accumulate (one line each).
#[derive(Clone, Debug)]
pub struct TimingReport {
    start: Instant,
    roots: Vec<TimerNode>,
}

impl Default for TimingReport {
    fn default() -> Self {
        TimingReport::new()
    }
}

impl TimingReport {
    /// An empty report; the total execution time is measured from now.
    pub fn new() -> TimingReport {
        TimingReport {
            start: Instant::now(),
            roots: Vec::new(),
        }
    }

    /// Adds `wall` to the top-level timer `name` (created at the end if new).
    pub fn add(&mut self, name: &str, wall: Duration) {
        self.add_nested(&[(name, name)], wall);
    }

    /// Runs `f`, adding its wall time to the top-level timer `name`.
    pub fn time<T>(&mut self, name: &str, f: impl FnOnce() -> T) -> T {
        let t0 = Instant::now();
        let r = f();
        self.add(name, t0.elapsed());
        r
    }

    /// Adds `wall` to the timer at `path` (pairs of unique key and display name, from the
    /// top level down) and to every timer above it.
    pub fn add_nested(&mut self, path: &[(&str, &str)], wall: Duration) {
        let mut level = &mut self.roots;
        for (key, name) in path {
            let i = match level.iter().position(|n| n.key == *key) {
                Some(i) => i,
                None => {
                    level.push(TimerNode {
                        key: key.to_string(),
                        name: name.to_string(),
                        wall: Duration::ZERO,
                        children: Vec::new(),
                    });
                    level.len() - 1
                }
            };
            level[i].wall += wall;
            level = &mut level[i].children;
        }
    }

    /// The display names and wall times of the top-level timers, in order.
    pub fn entries(&self) -> Vec<(&str, Duration)> {
        self.roots
            .iter()
            .map(|n| (n.name.as_str(), n.wall))
            .collect()
    }

    /// The report, with the total measured from `new` until now.
    pub fn render(&self) -> String {
        self.render_with_total(self.start.elapsed())
    }

    /// The report for a given total execution time.
    pub fn render_with_total(&self, total: Duration) -> String {
        let mut out = format!("{RULE}\n{TITLE}\n{RULE}\n");
        out += &format!(
            "  Total Execution Time: {:.4} seconds\n\n",
            total.as_secs_f64()
        );
        out += "  ----Wall Time----  ----Name----\n";
        for n in &self.roots {
            render_node(&mut out, n, 0, total);
        }
        let used: Duration = self.roots.iter().map(|n| n.wall).sum();
        let rest = total.saturating_sub(used);
        out += &line(rest, percent(rest, total), 0, "Rest");
        out += &line(total, 100.0, 0, "Total");
        out
    }

    /// Writes the report (total measured until now) to `out`.
    pub fn print(&self, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(self.render().as_bytes())
    }
}

fn render_node(out: &mut String, n: &TimerNode, depth: usize, total: Duration) {
    *out += &line(n.wall, percent(n.wall, total), depth, &n.name);
    for c in &n.children {
        render_node(out, c, depth + 1, total);
    }
}

/// `wall` as a percentage of `total` (0 when `total` is zero).
fn percent(wall: Duration, total: Duration) -> f64 {
    if total.is_zero() {
        0.0
    } else {
        100.0 * wall.as_secs_f64() / total.as_secs_f64()
    }
}

/// `    0.0005 ( 66.0%)  Name`, indented two spaces per level.
fn line(wall: Duration, pct: f64, depth: usize, name: &str) -> String {
    format!(
        "  {:8.4} ({:5.1}%)  {}{name}\n",
        wall.as_secs_f64(),
        pct,
        "  ".repeat(depth)
    )
}
