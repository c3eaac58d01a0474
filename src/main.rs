fn main() -> std::process::ExitCode {
    cpor_portal::cli::main()
}
