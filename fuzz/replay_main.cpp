// main() for the fuzz targets without libFuzzer: runs each file named on the command line
// through LLVMFuzzerTestOneInput once, as libFuzzer does with file arguments. The normal build
// uses it to replay tests/data/fuzz/<target>/ (every finding, kept as a regression input).
#include <cstdint>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);

int main(int argc, char** argv) {
  LLVMFuzzerInitialize(&argc, &argv);
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    if (!in) {
      std::cerr << argv[i] << ": cannot be read\n";
      return 1;
    }
    const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
    std::cout << "replayed " << argv[i] << " (" << data.size() << " bytes)\n";
  }
  return 0;
}
