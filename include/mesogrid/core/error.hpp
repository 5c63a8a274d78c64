// mesogrid/core/error.hpp: the library's messages and its one exception type. A Message is one line for
// the user: words, the values they are about (a region, a depth, a limit), and references to the
// parameters the caller can change (Param). The library renders a parameter by its own name ("spacing");
// a command-line tool renders it by its flag ("--spacing"), so the library never words a flag. An Error
// carries a Message and the kind of problem (ErrorKind); a tool maps kinds to its exit codes. No units.
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mesogrid {

/// A parameter of the library that messages point the caller to.
enum class Param {
  units,         ///< LoadOptions::units: the length unit of the mesh file
  landmark_set,  ///< the landmark set asked for (`asked` of read_landmark_csv)
  region,        ///< PlanParams::region
  technique,     ///< PlanParams::technique
  spacing,       ///< PlanParams::spacing_mm
  margin,        ///< PlanParams::margin_mm
  depth,         ///< PlanParams::depth_mm
  max_sites,     ///< PlanParams::max_sites
  volume,        ///< PlanParams::volume_ml
  angle,         ///< PlanParams::angle_deg
  needle,        ///< PlanParams::needle_mm
  session_max,   ///< PlanParams::session_max_ml
  total_volume   ///< PlanParams::total_volume_ml
};

/// The library's own name of a parameter, as its messages show it.
inline const char* param_name(Param p) {
  switch (p) {
    case Param::units: return "units";
    case Param::landmark_set: return "the landmark set asked";
    case Param::region: return "region";
    case Param::technique: return "technique";
    case Param::spacing: return "spacing";
    case Param::margin: return "margin";
    case Param::depth: return "depth";
    case Param::max_sites: return "max_sites";
    case Param::volume: return "volume";
    case Param::angle: return "angle";
    case Param::needle: return "needle";
    case Param::session_max: return "session_max";
    case Param::total_volume: return "total_volume";
  }
  return "";
}

/// One line for the user. Built with <<: text, a Param (its name), or ValuesOf(param) (a pointer to where
/// the accepted values of the parameter are listed: the library lists them in the text itself and renders
/// nothing; a tool may name the command that lists them).
class Message {
 public:
  struct ValuesOf {
    Param param;
  };

  Message() = default;
  Message(std::string text) { parts_.push_back({std::move(text), -1, false}); }
  Message(const char* text) : Message(std::string(text)) {}

  Message& operator<<(std::string_view text) {
    parts_.push_back({std::string(text), -1, false});
    return *this;
  }
  Message& operator<<(Param p) {
    parts_.push_back({{}, static_cast<int>(p), false});
    return *this;
  }
  Message& operator<<(ValuesOf v) {
    parts_.push_back({{}, static_cast<int>(v.param), true});
    return *this;
  }

  /// The line, each parameter rendered by name(param, values): values false for the parameter's name, true
  /// for where its values are listed.
  template <class Name>
  std::string str(Name&& name) const {
    std::string s;
    for (const Part& p : parts_) s += p.param < 0 ? p.text : std::string(name(static_cast<Param>(p.param), p.values));
    return s;
  }
  /// `prefix` (e.g. "file:line: ") followed by `m`.
  friend Message operator+(std::string prefix, const Message& m) {
    Message r(std::move(prefix));
    r.parts_.insert(r.parts_.end(), m.parts_.begin(), m.parts_.end());
    return r;
  }
  /// The line with the library's names (param_name), value listings left out.
  std::string str() const {
    return str([](Param p, bool values) { return values ? "" : param_name(p); });
  }

 private:
  struct Part {
    std::string text;
    int param;    // -1: text
    bool values;  // a ValuesOf reference
  };
  std::vector<Part> parts_;
};

/// What kind of problem an Error reports.
enum class ErrorKind {
  usage,  ///< a parameter value is invalid or impossible
  input,  ///< an input file cannot be read or is not valid
  plan    ///< the plan is impossible: unknown or empty region, too small, too many sites, implausible landmarks
};

/// The library's exception: a one-line message (what() renders it with the library's names) and its kind.
struct Error : std::runtime_error {
  ErrorKind kind;
  Message message;
  Error(ErrorKind k, Message m) : std::runtime_error(m.str()), kind(k), message(std::move(m)) {}
};

inline Error usage_error(Message m) { return Error(ErrorKind::usage, std::move(m)); }
inline Error input_error(Message m) { return Error(ErrorKind::input, std::move(m)); }
inline Error plan_error(Message m) { return Error(ErrorKind::plan, std::move(m)); }

}  // namespace mesogrid
