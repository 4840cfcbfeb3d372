#include "s3_route53_tree.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace drh::fake::tree {

namespace {

[[noreturn]] void violate(std::string message) { throw SchemaViolation{std::move(message)}; }

std::string canonical_leaf(const Member& m, std::string_view parent, std::string_view text) {
  switch (m.kind) {
    case Kind::kInteger: {
      auto v = xml::to_int(text);
      if (!v) {
        violate("Value '" + std::string(text) + "' for " + std::string(parent) + "." +
                std::string(m.name) + " is not a valid integer");
      }
      return std::to_string(*v);
    }
    case Kind::kBoolean: {
      // AWS accepts only the words; "1"/"0" are not booleans in these schemas.
      if (text == "true" || text == "false") return std::string(text);
      std::string lower;
      for (char c : text) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      if (lower == "true" || lower == "false") return lower;
      violate("Value '" + std::string(text) + "' for " + std::string(parent) + "." +
              std::string(m.name) + " is not a valid boolean");
    }
    default:
      break;
  }
  if (!m.allowed.empty() &&
      std::find(m.allowed.begin(), m.allowed.end(), text) == m.allowed.end()) {
    std::string list;
    for (auto a : m.allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    violate("Value '" + std::string(text) + "' at '" + std::string(parent) + "." +
            std::string(m.name) +
            "' failed to satisfy constraint: Member must satisfy enum "
            "value set: [" +
            list + "]");
  }
  return std::string(text);
}

void check_counts(const Node& node, const Schema& schema) {
  for (const Member& m : schema.members) {
    std::size_t n = 0;
    for (const Node& c : node.children) n += c.name == m.name ? 1 : 0;
    if (m.required && n == 0) {
      violate("Missing required element '" + std::string(m.name) + "' in '" + node.name + "'");
    }
    if (!m.repeated && n > 1) {
      violate("Element '" + std::string(m.name) + "' may appear only once in '" + node.name + "'");
    }
  }
}

}  // namespace

const Member* Schema::find(std::string_view name) const {
  for (const Member& m : members) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::size_t Schema::index(std::string_view name) const {
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (members[i].name == name) return i;
  }
  return members.size();
}

const Node* Node::child(std::string_view n) const {
  for (const Node& c : children) {
    if (c.name == n) return &c;
  }
  return nullptr;
}

Node* Node::child(std::string_view n) {
  for (Node& c : children) {
    if (c.name == n) return &c;
  }
  return nullptr;
}

std::optional<std::string_view> Node::text_of(std::string_view n) const {
  const Node* c = child(n);
  if (c == nullptr) return std::nullopt;
  return std::string_view(c->text);
}

std::string_view Node::value(std::string_view n, std::string_view fallback) const {
  const Node* c = child(n);
  return c == nullptr ? fallback : std::string_view(c->text);
}

std::vector<const Node*> Node::all(std::string_view n) const {
  std::vector<const Node*> out;
  for (const Node& c : children) {
    if (c.name == n) out.push_back(&c);
  }
  return out;
}

Node& Node::set(std::string_view n, std::string value) {
  remove(n);
  return add(std::string(n), std::move(value));
}

void Node::remove(std::string_view n) {
  std::erase_if(children, [&](const Node& c) { return c.name == n; });
}

Node& Node::add(std::string n, std::string value) {
  children.push_back(Node{std::move(n), std::move(value), {}});
  return children.back();
}

Node parse(pugi::xml_node element, const Schema& schema) {
  Node node;
  node.name = std::string(xml::local_name(element));
  for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      // pugixml drops whitespace-only text between elements; anything else here is text
      // where the schema wants a structure.
      violate("Unexpected text in element '" + node.name + "'");
    }
    if (c.type() != pugi::node_element) continue;
    std::string_view name = xml::local_name(c);
    const Member* m = schema.find(name);
    if (m == nullptr) {
      violate("Unexpected element '" + std::string(name) + "' in '" + node.name + "'");
    }
    if (m->kind == Kind::kStruct) {
      node.children.push_back(parse(c, *m->schema));
      continue;
    }
    if (c.find_child([](pugi::xml_node k) { return k.type() == pugi::node_element; })) {
      violate("Element '" + std::string(name) + "' in '" + node.name + "' must hold text");
    }
    node.children.push_back(
        Node{std::string(name), canonical_leaf(*m, node.name, c.child_value()), {}});
  }
  check_counts(node, schema);
  canonicalize(node, schema);
  return node;
}

void canonicalize(Node& node, const Schema& schema) {
  std::stable_sort(node.children.begin(), node.children.end(), [&](const Node& a, const Node& b) {
    return schema.index(a.name) < schema.index(b.name);
  });
  for (Node& c : node.children) {
    const Member* m = schema.find(c.name);
    if (m != nullptr && m->kind == Kind::kStruct) canonicalize(c, *m->schema);
  }
}

void validate(const Node& node, const Schema& schema) {
  for (const Node& c : node.children) {
    const Member* m = schema.find(c.name);
    if (m == nullptr) violate("Unexpected element '" + c.name + "' in '" + node.name + "'");
    if (m->kind == Kind::kStruct) {
      validate(c, *m->schema);
    } else if (canonical_leaf(*m, node.name, c.text) != c.text) {
      violate("Value '" + c.text + "' for " + node.name + "." + c.name + " is not canonical");
    }
  }
  check_counts(node, schema);
}

void write(xml::XmlWriter& w, const Node& node) {
  if (node.children.empty()) {
    w.element(node.name, node.text);
    return;
  }
  w.start(node.name);
  write_children(w, node);
  w.end();
}

void write_children(xml::XmlWriter& w, const Node& node) {
  for (const Node& c : node.children) write(w, c);
}

nlohmann::json to_json(const Node& node) {
  if (node.children.empty()) return nlohmann::json::array({node.name, node.text});
  nlohmann::json kids = nlohmann::json::array();
  for (const Node& c : node.children) kids.push_back(to_json(c));
  return nlohmann::json::array({node.name, std::move(kids)});
}

Node from_json(const nlohmann::json& j) {
  if (!j.is_array() || j.size() != 2 || !j[0].is_string()) {
    violate("a saved XML element must be [name, text] or [name, [children]], not " + j.dump());
  }
  Node node;
  node.name = j[0].get<std::string>();
  if (j[1].is_string()) {
    node.text = j[1].get<std::string>();
  } else if (j[1].is_array()) {
    for (const auto& c : j[1]) node.children.push_back(from_json(c));
  } else {
    violate("saved XML element '" + node.name + "' has neither text nor children");
  }
  return node;
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int extra = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + static_cast<std::size_t>(extra) >= n) return false;
    for (int k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      return false;
    }
    i += static_cast<std::size_t>(extra) + 1;
  }
  return true;
}

}  // namespace drh::fake::tree
