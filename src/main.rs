// A dashboard request allocates a great deal (rows, strings, the page); under glibc's malloc that
// showed as a fifth of its CPU time in profiles.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cpor_portal::cli::main()
}
