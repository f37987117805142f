// share.hpp — the share link: a whole heat-map (catalogue version and domain, layer name, palette,
// range and every technique score) in a URL fragment `#s=...`, so it never reaches a server.
//
// Format 1, base64url (no padding) of:
//   u8      format (1)
//   str     ATT&CK version ("19"), str domain, u32le catalogue fingerprint (ids + tactics), str name
//   u8      palette: 0 red-yellow-green, 1 colour-blind, 2 custom (then u8 count 1..8, count x RGB)
//   varint  flags (bit 0: custom range), zigzag min, zigzag max, varint unit (scores / unit below)
//   varint  techniques; per technique, by catalogue index ascending:
//           varint index delta (first: the index; then index - previous - 1)
//           varint zigzag(score / unit) << 1 | mixed
//           mixed = 0: that score under every tactic of the technique;
//           mixed = 1: varint tactic mask (bits over the technique's tactics in catalogue order),
//                      the score above for the first set bit, then zigzag(score / unit) per further bit
//   u32le   FNV-1a of everything before it
//   (str = varint length + UTF-8 bytes; varint = unsigned LEB128)
// Format 2 is format 1 with sections after the scores, before the checksum, each
//   varint tag, varint length, that many bytes
// tag 1: the threat selection (varint count <= 64, then count x str threat id "G0016");
// tag 2: the platform filter (varint count <= 32, then count x str platform as the catalogue spells
// it, "macOS"). A reader skips tags it does not know (a page from before tag 2 opens such a link on
// all platforms). Links with neither are still written as format 1, byte for byte as before, so
// older pages open them; every format-1 link opens here.
// Decoding checks every length, index, count and value against hard bounds and the catalogue; any
// problem is an error message, never a crash, a hang or a large allocation.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalogue.hpp"
#include "core/scoring.hpp"

namespace sh {

struct ShareLink {
    std::string attack_version;           // the catalogue the scores refer to ("19")
    std::string domain;                   // "enterprise-attack"
    std::string name;                     // layer name (at most 256 bytes are kept)
    std::vector<std::string> colours;     // gradient stops "#rrggbb"; empty: the default palette
    bool custom_range = false;            // false: 0 .. highest score, as the CLI without --min/--max-score
    int min_score = 0, max_score = 1;     // the range shown
    std::vector<TechniqueScore> entries;  // technique, tactic, score (no rules); as score_rules() orders them
    std::vector<std::string> threats;     // selected threat ids ("G0016"), in order; empty: none
    // The platform filter, as the catalogue spells its platforms; empty: all platforms. Encoding
    // leaves out names the catalogue does not have.
    std::vector<std::string> platforms;
    // Decoding only: platform names the link gives that the catalogue does not have (left out of
    // `platforms`; the page says so, as it does for threats).
    std::vector<std::string> unknown_platforms;
};

constexpr std::size_t kMaxShareFragment = 64 * 1024;  // longer input is refused before decoding
constexpr std::size_t kMaxShareName = 256;
constexpr std::size_t kMaxShareThreats = 64;  // selected threats a link carries
constexpr std::size_t kMaxSharePlatforms = 32;  // platforms a link's filter names (ATT&CK 19 has 12)

// "#s=..." for the link (catalogue version and domain are taken from cat). Entries that the
// catalogue cannot place (unknown technique, tactic the technique does not have) are left out
// and counted in *dropped.
std::string encode_share_link(const ShareLink& link, const Catalogue& cat, int* dropped = nullptr);

// Accepts a whole URL, "#s=...", "s=..." or the bare data; whitespace inside is ignored.
struct ShareHeader {
    int format = 0;
    std::string attack_version, domain, name;
};
// The header only (to pick the catalogue the link needs, e.g. embedded_catalogue(version)).
bool read_share_header(std::string_view link, ShareHeader& out, std::string& error);
bool decode_share_link(std::string_view link, const Catalogue& cat, ShareLink& out, std::string& error);

// The entries as a ScoreResult (what the views, images and layer writer take).
ScoreResult share_link_scores(const ShareLink& link);

// Low level, for tests: base64url of payload + its checksum, as "#s=...".
std::string share_fragment_from_payload(const std::vector<uint8_t>& payload);

}  // namespace sh
