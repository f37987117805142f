// render/svg.cpp — see svg.hpp.
#include "core/render/svg.hpp"

#include <cmath>
#include <cstdint>

#include "core/render/raster.hpp"

namespace sh {

const char* const kSvgFontFamily = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, 'Segoe UI', Arial, sans-serif";

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default: out += c;
        }
    }
    return out;
}

namespace {

// Hundredths, printed from an integer so every platform writes the same digits.
std::string num(double v) {
    if (!std::isfinite(v)) v = 0;
    long long r = std::llround(v * 100);
    std::string s;
    if (r < 0) {
        s += '-';
        r = -r;
    }
    s += std::to_string(r / 100);
    const int frac = int(r % 100);
    if (frac) {
        s += '.';
        s += char('0' + frac / 10);
        if (frac % 10) s += char('0' + frac % 10);
    }
    return s == "-0" ? "0" : s;
}

std::string attr(const char* name, const std::string& value) { return std::string(" ") + name + "=\"" + value + "\""; }

std::string opacity(const char* name, uint8_t alpha) {
    if (alpha == 255) return "";
    return attr(name, num(double(alpha) / 255.0));
}

std::string common_attrs(const Shape& s, const std::string& id_prefix) {
    std::string a;
    if (!s.id.empty()) a += attr("id", xml_escape(id_prefix + s.id));
    if (!s.css_class.empty()) a += attr("class", xml_escape(s.css_class));
    return a;
}

void close_with_tooltip(std::string& out, const Shape& s, const char* tag) {
    if (s.tooltip.empty()) {
        out += "/>\n";
    } else {
        out += "><title>" + xml_escape(s.tooltip) + "</title></" + tag + ">\n";
    }
}

}  // namespace

namespace {

// Everything inside <svg>: title, description, gradients, then one element per shape. Ids (the
// gradients' and the shapes') start with id_prefix, so several drawings can share an HTML page.
std::string svg_content(const MatrixImage& img, const std::string& id_prefix, const std::string& title_id) {
    const FontMetrics& font = image_font();
    std::string out;
    out.reserve(256 + img.shapes.size() * 160);
    out += "<title" + (title_id.empty() ? std::string() : attr("id", xml_escape(title_id))) + ">" + xml_escape(img.title) +
           "</title>\n";
    if (!img.description.empty()) out += "<desc>" + xml_escape(img.description) + "</desc>\n";

    // Gradients first (one per bar), then the shapes in order.
    int gradients = 0;
    std::string defs;
    for (const Shape& s : img.shapes) {
        if (s.kind != ShapeKind::GradientBar) continue;
        defs += "<linearGradient id=\"" + xml_escape(id_prefix) + "gradient-" + std::to_string(gradients++) +
                "\" x1=\"0\" y1=\"0\" x2=\"1\" y2=\"0\">\n";
        const std::size_t n = s.stops.size();
        for (std::size_t i = 0; i < n; ++i)
            defs += "<stop offset=\"" + num(n > 1 ? double(i) / double(n - 1) : 0.0) + "\" stop-color=\"" +
                    to_hex(s.stops[i]) + "\"/>\n";
        defs += "</linearGradient>\n";
    }
    if (!defs.empty()) out += "<defs>\n" + defs + "</defs>\n";

    out += "<g" + attr("font-family", xml_escape(kSvgFontFamily)) + " xml:space=\"preserve\">\n";
    int gradient = 0;
    for (const Shape& s : img.shapes) {
        switch (s.kind) {
            case ShapeKind::Rect: {
                // The outline lies inside the box: the stroke is centred half its width in.
                const float sw = s.stroke_width > 0 ? s.stroke_width : 0;
                out += "<rect" + common_attrs(s, id_prefix) + attr("x", num(s.x + sw / 2)) + attr("y", num(s.y + sw / 2)) +
                       attr("width", num(std::max(0.0f, s.w - sw))) + attr("height", num(std::max(0.0f, s.h - sw)));
                const float r = std::max(0.0f, s.radius - sw / 2);
                if (s.radius > 0) out += attr("rx", num(r)) + attr("ry", num(r));
                out += attr("fill", s.filled ? to_hex(s.fill) : "none");
                if (s.filled) out += opacity("fill-opacity", s.fill_alpha);
                if (sw > 0) out += attr("stroke", to_hex(s.stroke)) + attr("stroke-width", num(sw));
                close_with_tooltip(out, s, "rect");
                break;
            }
            case ShapeKind::GradientBar:
                out += "<rect" + common_attrs(s, id_prefix) + attr("x", num(s.x)) + attr("y", num(s.y)) +
                       attr("width", num(s.w)) + attr("height", num(s.h)) +
                       attr("fill", "url(#" + xml_escape(id_prefix) + "gradient-" + std::to_string(gradient++) + ")");
                close_with_tooltip(out, s, "rect");
                break;
            case ShapeKind::Triangle: {
                std::string pts;
                for (int i = 0; i < 6; i += 2) pts += (i ? " " : "") + num(s.points[i]) + "," + num(s.points[i + 1]);
                out += "<polygon" + common_attrs(s, id_prefix) + attr("points", pts) + attr("fill", to_hex(s.fill)) +
                       opacity("fill-opacity", s.fill_alpha);
                close_with_tooltip(out, s, "polygon");
                break;
            }
            case ShapeKind::Line:
                out += "<line" + common_attrs(s, id_prefix) + attr("x1", num(s.points[0])) + attr("y1", num(s.points[1])) +
                       attr("x2", num(s.points[2])) + attr("y2", num(s.points[3])) + attr("stroke", to_hex(s.stroke)) +
                       attr("stroke-width", num(s.stroke_width)) + opacity("stroke-opacity", s.fill_alpha);
                close_with_tooltip(out, s, "line");
                break;
            case ShapeKind::Text:
                if (s.text.empty()) break;
                out += "<text" + common_attrs(s, id_prefix) + attr("x", num(s.x)) + attr("y", num(s.y)) +
                       attr("font-size", num(font.em_size(s.font_px))) + attr("fill", to_hex(s.fill)) +
                       opacity("fill-opacity", s.fill_alpha);
                if (s.anchor == TextAnchor::End) out += attr("text-anchor", "end");
                out += ">" + xml_escape(s.text) + "</text>\n";
                break;
        }
    }
    out += "</g>\n";
    return out;
}

}  // namespace

std::string write_svg(const MatrixImage& img) {
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n";
    out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"" + attr("width", num(img.width)) +
           attr("height", num(img.height)) + attr("viewBox", "0 0 " + num(img.width) + " " + num(img.height)) + ">\n";
    out += svg_content(img, "", "");
    out += "</svg>\n";
    return out;
}

std::string write_svg_element(const MatrixImage& img, const SvgElementOptions& o) {
    std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\"";
    if (!o.css_class.empty()) out += attr("class", xml_escape(o.css_class));
    out += attr("width", num(img.width)) + attr("height", num(img.height)) +
           attr("viewBox", "0 0 " + num(img.width) + " " + num(img.height)) + " role=\"img\"" +
           attr("aria-labelledby", xml_escape(o.id_prefix + "title")) + ">\n";
    out += svg_content(img, o.id_prefix, o.id_prefix + "title");
    out += "</svg>\n";
    return out;
}

}  // namespace sh
