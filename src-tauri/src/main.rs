fn main() {
    auralarchive_lib::run()
}
