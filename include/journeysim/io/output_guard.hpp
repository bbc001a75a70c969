#pragma once
/// \file Checks that an output may be written where asked: never over an input of the same
/// command, and a directory output never over anything but an earlier run (issue #15 §1). One
/// helper for every command that writes (calibrate, synth, simulate, report).
#include <string>
#include <vector>

namespace journeysim {

/// ConfigError when `output` names one of `inputs`: the same path, the same file through
/// symbolic links or `..` (std::filesystem::weakly_canonical), or a hard link to it (same
/// st_dev and st_ino). `option` names the flag in the message ("--out").
/// Example: `check_output_not_input(o.out, {o.events, o.model});`
void check_output_not_input(const std::string& output, const std::vector<std::string>& inputs,
                            const std::string& option = "--out");

/// ConfigError when the directory output `directory` would replace or hold something it must
/// not: `/`, the home directory, the current directory or one of its ancestors (`.`, `..`), a
/// directory that is or contains one of `inputs`, or a file that is one of them.
void check_output_directory_target(const std::string& directory, const std::vector<std::string>& inputs);

}  // namespace journeysim
