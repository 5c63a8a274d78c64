// src/batch/manifest.cpp: see manifest.hpp.
#include "manifest.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mesogrid/core/error.hpp>
#include <mesogrid/core/input_file.hpp>
#include <mesogrid/core/text.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unordered_map>

#include "../json_limits.hpp"

namespace mesogrid::cli {

namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t max_manifest_bytes = 64u << 20;  // 64 MiB
/// Rows of one manifest: each holds its flags (about 2 KB) from the start to the summary, so a manifest of 64 MiB
/// of short rows would need gigabytes; larger jobs are several manifests (or shards of one, --shard).
constexpr std::size_t max_manifest_rows = 100000;

/// The refusal of the row on `line`, one past max_manifest_rows.
[[noreturn]] void fail_too_many_rows(const std::string& source, long line) {
  throw usage_error(manifest_at(source, line) + "more than " + std::to_string(max_manifest_rows) +
                    " rows in one manifest: split it into several (a batch each)");
}

/// Adds a row, refusing one past max_manifest_rows (naming its line).
void add_row(Manifest& m, ManifestRow&& row, const std::string& source) {
  if (m.rows.size() >= max_manifest_rows) fail_too_many_rows(source, row.line);
  m.rows.push_back(std::move(row));
}

/// `s` without spaces and tabs around it.
std::string trim_blank(std::string_view s) { return std::string(text::trim(s, " \t")); }

std::string column_list() {
  std::string s = "name";
  for (const auto& f : plan_flag_table()) s += std::string(", ") + f.column;
  return s;
}

/// The target of a column name: nullptr member for "name".
struct Column {
  bool is_name = false;
  const PlanFlagInfo* flag = nullptr;
};

Column column_of(const std::string& raw, const std::string& where) {
  if (raw == "name") return {true, nullptr};
  if (const PlanFlagInfo* f = find_plan_flag(raw)) return {false, f};
  throw usage_error(where + "unknown column '" + text::printable(raw) + "': manifest columns are " + column_list() +
                    " (plan flags without the dashes)");
}

void check_unique_names(const Manifest& m) {
  std::unordered_map<std::string, long> seen;
  for (const auto& r : m.rows) {
    if (r.name.empty()) continue;
    auto [it, fresh] = seen.emplace(r.name, r.line);
    if (!fresh)
      throw usage_error(manifest_at(m.source, r.line) + "name '" + text::printable(r.name) + "' is also used on line " +
                        std::to_string(it->second) + ": names must be unique (each row writes <name>.<format>)");
  }
}

Manifest parse_csv_manifest(std::string_view text, const std::string& source) {
  Manifest m;
  m.source = source;
  const std::vector<CsvRecord> recs = parse_csv(text, source, max_manifest_rows + 2);  // the header, and one too many
  if (recs.empty())
    throw usage_error(source +
                      ": the manifest is empty: its first line must be a header such as name,mesh,region,technique");
  const CsvRecord& head = recs.front();
  std::vector<Column> cols;
  std::set<std::string> seen;
  bool has_name = false;
  for (const auto& raw : head.fields) {
    const std::string c = trim_blank(raw);
    const Column col = column_of(c, manifest_at(source, head.line));
    const std::string key = col.is_name ? "name" : col.flag->column;
    if (!seen.insert(key).second)
      throw usage_error(manifest_at(source, head.line) + "column '" + text::printable(c) +
                        "' appears twice in the header: keep one");
    has_name |= col.is_name;
    cols.push_back(col);
  }
  if (!has_name)
    throw usage_error(manifest_at(source, head.line) +
                      "the header has no 'name' column: add one (each row writes <name>.<format>)");
  if (recs.size() > max_manifest_rows + 1) fail_too_many_rows(source, recs[max_manifest_rows + 1].line);  // at once
  for (size_t i = 1; i < recs.size(); ++i) {
    const CsvRecord& r = recs[i];
    if (r.fields.size() != cols.size())
      throw usage_error(manifest_at(source, r.line) + "the row has " + std::to_string(r.fields.size()) +
                        " fields but the header has " + std::to_string(cols.size()) +
                        ": quote values that contain commas and give every column (empty = default)");
    ManifestRow row;
    row.line = r.line;
    for (size_t k = 0; k < cols.size(); ++k) {
      const std::string v = r.quoted[k] ? r.fields[k] : trim_blank(r.fields[k]);
      if (cols[k].is_name)
        row.name = v;
      else
        set_plan_flag(row.flags, *cols[k].flag, v);
    }
    add_row(m, std::move(row), source);
  }
  return m;
}

/// A JSON line with every number outside strings put in quotes: a manifest takes numbers as their text (as a CSV
/// cell), so `12.50` stays "12.50" and `1e999` reaches the flag parser, which refuses that row alone. A JSON
/// number is its value however written, so a whole one written with a fraction or an exponent (`100.0`, `1e2`,
/// as JSON writers put floats) is given as the whole number ("100"): a count column takes it.
std::string numbers_as_text(std::string_view l) {
  std::string o;
  o.reserve(l.size() + 16);
  bool in_string = false;
  for (size_t i = 0; i < l.size(); ++i) {
    const char c = l[i];
    if (in_string) {
      o += c;
      if (c == '\\' && i + 1 < l.size())
        o += l[++i];
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
      o += c;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      size_t j = i;
      while (j < l.size() && (std::string_view("0123456789+-.eE").find(l[j]) != std::string_view::npos)) ++j;
      const std::string_view num = l.substr(i, j - i);
      double d = 0;
      const auto [end, ec] = std::from_chars(num.data(), num.data() + num.size(), d);
      o += '"';
      if (ec == std::errc() && end == num.data() + num.size() && num.find_first_of(".eE") != std::string_view::npos &&
          std::abs(d) < 0x1p53 && d == std::trunc(d))
        o += std::to_string(static_cast<long long>(d));
      else
        o.append(num);
      o += '"';
      i = j - 1;
    } else {
      o += c;
    }
  }
  return o;
}

Manifest parse_jsonl_manifest(std::string_view text, const std::string& source) {
  Manifest m;
  m.source = source;
  long line = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(pos, end - pos);
    pos = end + 1;
    ++line;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (trim_blank(l).empty()) continue;
    nlohmann::json j;
    const std::string row_text = numbers_as_text(l);
    // a repeated key and what no manifest row holds, found before the document is built (json_limits.hpp)
    const JsonCheck check = check_json(row_text, {});
    const std::string& repeated = check.repeated_key;
    if (!check.beyond.empty())
      throw usage_error(manifest_at(source, line) + check.beyond +
                        ", more than a manifest row holds: give one object " +
                        R"(of columns per line, e.g. {"name": "a", "region": "forehead"})");
    try {
      j = nlohmann::json::parse(row_text);
    } catch (const nlohmann::json::exception& e) {
      std::string w = e.what();
      if (const auto p = w.find("] "); p != std::string::npos) w = w.substr(p + 2);
      throw usage_error(manifest_at(source, line) + "not valid JSON (" + w + "): give one object per line, e.g. " +
                        R"({"name": "a", "region": "forehead"})");
    }
    if (!repeated.empty())
      throw usage_error(manifest_at(source, line) + "key '" + text::printable(repeated) +
                        "' is given twice: keep one (as a CSV manifest's column)");
    if (!j.is_object())
      throw usage_error(manifest_at(source, line) + "not a JSON object: give one object per line, e.g. " +
                        R"({"name": "a", "region": "forehead"})");
    ManifestRow row;
    row.line = line;
    std::set<std::string> seen;
    for (auto it = j.begin(); it != j.end(); ++it) {
      const Column col = column_of(it.key(), manifest_at(source, line));
      if (!seen.insert(col.is_name ? "name" : col.flag->column).second)
        throw usage_error(manifest_at(source, line) + "key '" + text::printable(it.key()) +
                          "' repeats another spelling of the same key: keep one");
      std::string v;
      const auto& val = it.value();
      if (val.is_null())
        continue;
      else if (val.is_string())
        v = val.get<std::string>();
      else if (val.is_number())
        v = val.dump();
      else if (val.is_boolean())  // "labels": true
        v = val.get<bool>() ? "true" : "false";
      else
        throw usage_error(manifest_at(source, line) + "key '" + text::printable(it.key()) +
                          "' must be a string, a number, true/false or null, not " + val.type_name());
      if (col.is_name)
        row.name = v;
      else
        set_plan_flag(row.flags, *col.flag, v);
    }
    add_row(m, std::move(row), source);
  }
  return m;
}

// ---- the run ----

}  // namespace

std::string manifest_at(const std::string& source, long line) { return source + ":" + std::to_string(line) + ": "; }

std::vector<CsvRecord> parse_csv(std::string_view text, const std::string& source, std::size_t max_records) {
  text = text::strip_bom(text);
  std::vector<CsvRecord> out;
  long line = 1;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n && out.size() < max_records) {
    if (text[i] == '\n' || text[i] == '\r') {  // an empty line: skipped without building a record
      if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
      ++i;
      ++line;
      continue;
    }
    CsvRecord rec;
    rec.line = line;
    bool end_of_record = false;
    while (!end_of_record) {
      std::string field;
      bool quoted = false;
      if (i < n && text[i] == '"') {
        quoted = true;
        const long start_line = line;
        ++i;
        for (;;) {
          if (i >= n)
            throw usage_error(manifest_at(source, start_line) + "a quoted field is never closed: add the closing '\"'");
          if (const size_t q = text.find('"', i); q == std::string_view::npos || q > i) {  // the text up to a quote
            const size_t e = q == std::string_view::npos ? n : q;
            field.append(text.substr(i, e - i));
            line += static_cast<long>(
                std::count(text.begin() + static_cast<long>(i), text.begin() + static_cast<long>(e), '\n'));
            i = e;
            continue;
          }
          const char c = text[i++];
          if (c == '"') {
            if (i < n && text[i] == '"') {
              field += '"';
              ++i;
              continue;
            }
            break;
          }
          if (c == '\n') ++line;
          field += c;
        }
        while (i < n && (text[i] == ' ' || text[i] == '\t')) ++i;
        if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
          throw usage_error(manifest_at(source, line) +
                            "unexpected text after a closing quote: write a quote inside a quoted field as \"\"");
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"')
            throw usage_error(
                manifest_at(source, line) +
                "a quote inside an unquoted field: quote the whole field and double the quote (\"a\"\"b\")");
          field += text[i++];
        }
      }
      rec.fields.push_back(std::move(field));
      rec.quoted.push_back(quoted);
      if (i >= n) {
        end_of_record = true;
      } else if (text[i] == ',') {
        ++i;
      } else {  // \n, \r\n or a lone \r
        if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
        ++i;
        ++line;
        end_of_record = true;
      }
    }
    const bool blank = rec.fields.size() == 1 && !rec.quoted[0] && trim_blank(rec.fields[0]).empty();
    if (!blank) out.push_back(std::move(rec));
  }
  return out;
}

Manifest parse_manifest(std::string_view text, const std::string& source, bool json_lines) {
  Manifest m = json_lines ? parse_jsonl_manifest(text::strip_bom(text), source) : parse_csv_manifest(text, source);
  check_unique_names(m);
  return m;
}

Manifest read_manifest(const std::string& path) {
  const std::string text = read_input_file(path, "manifest", max_manifest_bytes);
  const std::string ext = fs::path(path).extension().string();
  bool jsonl = ext == ".jsonl" || ext == ".ndjson";
  if (ext != ".csv" && !jsonl) {
    const std::string_view t = text::strip_bom(text);
    const size_t p = t.find_first_not_of(" \t\r\n");
    jsonl = p != std::string_view::npos && t[p] == '{';
  }
  Manifest m = parse_manifest(text, path, jsonl);
  m.dir = fs::path(path).parent_path().string();
  return m;
}

std::string name_problem(const std::string& name) {
  if (name.empty()) return "the name is empty: give each row a name (its output is <name>.<format>)";
  if (name.size() > 200) return "the name is longer than 200 bytes: shorten it";
  if (!text::is_clean(name))
    return "the name contains a control character or is not UTF-8: use letters, digits, '-', '_' or '.'";
  if (name.find('/') != std::string::npos || name.find('\\') != std::string::npos)
    return "name '" + text::printable(name) + "' contains a slash: it must be a file name, not a path";
  if (name.find("..") != std::string::npos)
    return "name '" + text::printable(name) + "' contains '..': it must be a plain file name";
  if (name.front() == '.')
    return "name '" + text::printable(name) + "' starts with '.': it must not be a hidden file name";
  if (name.rfind("batch_summary", 0) == 0)
    return "name '" + text::printable(name) + "' is reserved for the batch summary: rename the row";
  return "";
}

}  // namespace mesogrid::cli
