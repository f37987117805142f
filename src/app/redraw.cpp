#include "redraw.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_map>

namespace app {

namespace {

// float -> int as a C cast does (toward zero), for values a cast could not hold kept in range.
int truncate(float v) {
    if (!(v > -1e9f)) return -1000000000;  // also NaN
    if (v > 1e9f) return 1000000000;
    return int(v);
}

PixelRect intersect(PixelRect a, PixelRect b) {
    return {std::max(a.x0, b.x0), std::max(a.y0, b.y0), std::min(a.x1, b.x1), std::min(a.y1, b.y1)};
}

void add(PixelRect& to, PixelRect r) {
    if (r.empty()) return;
    if (to.empty()) {
        to = r;
        return;
    }
    to = {std::min(to.x0, r.x0), std::min(to.y0, r.y0), std::max(to.x1, r.x1), std::max(to.y1, r.y1)};
}

// One draw list's buffers, whether ImGui's of this frame or the copy of the frame on the canvas.
struct ListView {
    const ImDrawVert* vtx;
    int vtx_n;
    const ImDrawIdx* idx;
    int idx_n;
    const ImDrawCmd* cmds;
    int cmd_n;
};

bool same_cmd(const ImDrawCmd& a, const ImDrawCmd& b) {
    return std::memcmp(&a.ClipRect, &b.ClipRect, sizeof a.ClipRect) == 0 && a.TextureId == b.TextureId &&
           a.VtxOffset == b.VtxOffset && a.IdxOffset == b.IdxOffset && a.ElemCount == b.ElemCount &&
           a.UserCallback == b.UserCallback && a.UserCallbackData == b.UserCallbackData;
}

bool same_list(const ListView& a, const ListView& b) {
    if (a.vtx_n != b.vtx_n || a.idx_n != b.idx_n || a.cmd_n != b.cmd_n) return false;
    if (a.vtx_n && std::memcmp(a.vtx, b.vtx, std::size_t(a.vtx_n) * sizeof(ImDrawVert)) != 0) return false;
    if (a.idx_n && std::memcmp(a.idx, b.idx, std::size_t(a.idx_n) * sizeof(ImDrawIdx)) != 0) return false;
    for (int i = 0; i < a.cmd_n; ++i)
        if (!same_cmd(a.cmds[i], b.cmds[i])) return false;
    return true;
}

// The list's triangles in drawing order, as (command, first index); false where one cannot be
// followed (a user callback, an index or vertex out of the buffers).
struct Tri {
    int cmd;
    unsigned first;
};
bool triangles(const ListView& l, std::vector<Tri>& out) {
    out.clear();
    for (int c = 0; c < l.cmd_n; ++c) {
        const ImDrawCmd& cmd = l.cmds[c];
        if (cmd.UserCallback != nullptr) return false;
        if (std::size_t(cmd.IdxOffset) + cmd.ElemCount > std::size_t(l.idx_n)) return false;
        for (unsigned e = 0; e + 3 <= cmd.ElemCount; e += 3) {
            for (unsigned k = 0; k < 3; ++k)
                if (std::size_t(l.idx[cmd.IdxOffset + e + k]) + cmd.VtxOffset >= std::size_t(l.vtx_n)) return false;
            out.push_back({c, cmd.IdxOffset + e});
        }
    }
    return true;
}

const ImDrawVert& vertex(const ListView& l, const Tri& t, unsigned k) {
    return l.vtx[std::size_t(l.idx[t.first + k]) + l.cmds[t.cmd].VtxOffset];
}

bool same_tri(const ListView& a, const Tri& ta, const ListView& b, const Tri& tb) {
    const ImDrawCmd &ca = a.cmds[ta.cmd], &cb = b.cmds[tb.cmd];
    if (ca.TextureId != cb.TextureId || std::memcmp(&ca.ClipRect, &cb.ClipRect, sizeof ca.ClipRect) != 0) return false;
    for (unsigned k = 0; k < 3; ++k)
        if (std::memcmp(&vertex(a, ta, k), &vertex(b, tb, k), sizeof(ImDrawVert)) != 0) return false;
    return true;
}

// The pixels a triangle can paint: its bounding box (a pixel more each side) within its
// command's scissor.
PixelRect extent(const ListView& l, const Tri& t, int fb_h) {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    for (unsigned k = 0; k < 3; ++k) {
        const ImVec2 p = vertex(l, t, k).pos;
        if (k == 0 || p.x < x0) x0 = p.x;
        if (k == 0 || p.y < y0) y0 = p.y;
        if (k == 0 || p.x > x1) x1 = p.x;
        if (k == 0 || p.y > y1) y1 = p.y;
    }
    const PixelRect box{truncate(std::floor(x0)) - 1, truncate(std::floor(y0)) - 1, truncate(std::ceil(x1)) + 1,
                        truncate(std::ceil(y1)) + 1};
    return intersect(box, backend_scissor(l.cmds[t.cmd].ClipRect, fb_h));
}

ListView view_of(const ImDrawList& l) {
    return {l.VtxBuffer.Data, l.VtxBuffer.Size, l.IdxBuffer.Data, l.IdxBuffer.Size, l.CmdBuffer.Data, l.CmdBuffer.Size};
}

}  // namespace

PixelRect backend_scissor(const ImVec4& clip, int fb_h) {
    // imgui_impl_opengl3.cpp (1.86), with DisplayPos (0, 0) and a framebuffer scale of 1:
    //   if (clip_max.x <= clip_min.x || clip_max.y <= clip_min.y) continue;
    //   glScissor((int)clip_min.x, (int)(fb_height - clip_max.y), (int)(clip_max.x - clip_min.x),
    //             (int)(clip_max.y - clip_min.y));
    if (!(clip.z > clip.x) || !(clip.w > clip.y)) return {};
    const int x = truncate(clip.x), w = truncate(clip.z - clip.x);
    const int gl_y = truncate(float(fb_h) - clip.w), h = truncate(clip.w - clip.y);
    return {x, fb_h - (gl_y + h), x + w, fb_h - gl_y};
}

PixelRect Redraw::damage(const ImDrawData& d, int fb_w, int fb_h) const {
    const PixelRect all{0, 0, fb_w, fb_h};
    if (!valid_ || fb_w != fb_w_ || fb_h != fb_h_ || d.DisplayPos.x != pos_.x || d.DisplayPos.y != pos_.y ||
        d.DisplaySize.x != size_.x || d.DisplaySize.y != size_.y || d.DisplayPos.x != 0 || d.DisplayPos.y != 0 ||
        d.FramebufferScale.x != 1 || d.FramebufferScale.y != 1)
        return all;

    // Lists matched by owner: each name once on both sides, the matched ones in the same order.
    std::unordered_map<std::string, int> old_at;
    for (int i = 0; i < int(lists_.size()); ++i)
        if (!old_at.emplace(lists_[i].owner, i).second) return all;
    std::vector<char> matched(lists_.size(), 0);
    std::vector<std::pair<int, int>> pairs;  // (old, new)
    std::vector<int> added;
    {
        std::unordered_map<std::string, int> seen;
        for (int n = 0; n < d.CmdListsCount; ++n) {
            const char* owner = d.CmdLists[n]->_OwnerName ? d.CmdLists[n]->_OwnerName : "";
            if (!seen.emplace(owner, n).second) return all;
            const auto it = old_at.find(owner);
            if (it == old_at.end()) {
                added.push_back(n);
                continue;
            }
            if (!pairs.empty() && it->second < pairs.back().first) return all;  // z-order changed
            matched[std::size_t(it->second)] = 1;
            pairs.emplace_back(it->second, n);
        }
    }

    PixelRect out;
    std::vector<Tri> ta, tb;
    auto whole = [&](const ListView& l) {  // every pixel a list can paint
        if (!triangles(l, ta)) return false;
        for (const Tri& t : ta) add(out, extent(l, t, fb_h));
        return true;
    };
    for (int i = 0; i < int(lists_.size()); ++i) {
        if (matched[std::size_t(i)]) continue;
        const List& l = lists_[std::size_t(i)];
        if (!whole({l.vtx.data(), int(l.vtx.size()), l.idx.data(), int(l.idx.size()), l.cmds.data(), int(l.cmds.size())}))
            return all;
    }
    for (int n : added)
        if (!whole(view_of(*d.CmdLists[n]))) return all;
    for (const auto& [o, n] : pairs) {
        const List& l = lists_[std::size_t(o)];
        const ListView a{l.vtx.data(), int(l.vtx.size()), l.idx.data(), int(l.idx.size()), l.cmds.data(), int(l.cmds.size())};
        const ListView b = view_of(*d.CmdLists[n]);
        if (same_list(a, b)) continue;
        if (!triangles(a, ta) || !triangles(b, tb)) return all;
        // Equal triangles from the start, then from the end; the ones between differ.
        const std::size_t shorter = std::min(ta.size(), tb.size());
        std::size_t head = 0, tail = 0;
        while (head < shorter && same_tri(a, ta[head], b, tb[head])) ++head;
        while (tail < shorter - head && same_tri(a, ta[ta.size() - 1 - tail], b, tb[tb.size() - 1 - tail])) ++tail;
        for (std::size_t t = head; t < ta.size() - tail; ++t) add(out, extent(a, ta[t], fb_h));
        for (std::size_t t = head; t < tb.size() - tail; ++t) add(out, extent(b, tb[t], fb_h));
    }
    out = intersect(out, all);
    return out.empty() ? PixelRect{} : out;
}

void Redraw::remember(const ImDrawData& d, int fb_w, int fb_h) {
    lists_.resize(std::size_t(std::max(0, d.CmdListsCount)));
    for (int n = 0; n < d.CmdListsCount; ++n) {
        const ImDrawList& src = *d.CmdLists[n];
        List& l = lists_[std::size_t(n)];
        l.owner = src._OwnerName ? src._OwnerName : "";
        l.vtx.assign(src.VtxBuffer.Data, src.VtxBuffer.Data + src.VtxBuffer.Size);
        l.idx.assign(src.IdxBuffer.Data, src.IdxBuffer.Data + src.IdxBuffer.Size);
        l.cmds.assign(src.CmdBuffer.Data, src.CmdBuffer.Data + src.CmdBuffer.Size);
    }
    pos_ = d.DisplayPos;
    size_ = d.DisplaySize;
    fb_w_ = fb_w;
    fb_h_ = fb_h;
    valid_ = true;
}

void Redraw::clip_to(ImDrawData& d, PixelRect r, int fb_h) {
    for (int n = 0; n < d.CmdListsCount; ++n) {
        for (ImDrawCmd& cmd : d.CmdLists[n]->CmdBuffer) {
            const PixelRect s = intersect(backend_scissor(cmd.ClipRect, fb_h), r);
            // Whole numbers: the backend's truncations then give back exactly `s`.
            cmd.ClipRect = s.empty() ? ImVec4(0, 0, 0, 0) : ImVec4(float(s.x0), float(s.y0), float(s.x1), float(s.y1));
        }
    }
}

}  // namespace app
