//! Lit-style test runner: RUN lines, golden snapshots and FileCheck.
