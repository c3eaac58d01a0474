// glibc's malloc spent a fifth of a dashboard request's CPU under the multi-threaded server;
// mimalloc halves that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cpor_portal::cli::main()
}
