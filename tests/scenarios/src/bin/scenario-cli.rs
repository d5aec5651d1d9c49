fn main() -> std::process::ExitCode {
    aural_cli::run()
}
