// Server-side rendering of the bulletin's charts to SVG (used by the PDF rendering, charts.py).
// Usage: node ssr.js /path/to/echarts.min.js < {"width":..,"height":..,"charts":[option, ...]}
// Prints a JSON array of SVG strings, one per chart, in order.
"use strict";
const echarts = require(process.argv[2]);

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const job = JSON.parse(input);
  const out = job.charts.map((option) => {
    const chart = echarts.init(null, null, {
      renderer: "svg", ssr: true, width: job.width, height: job.height,
    });
    // The PDF's fonts are the Noto CJK faces WeasyPrint embeds; name them so the SVG text uses them.
    chart.setOption(Object.assign({ textStyle: { fontFamily: "Noto Sans CJK SC, NotoSansCJK, sans-serif" } }, option));
    const svg = chart.renderToSVGString();
    chart.dispose();
    return svg;
  });
  process.stdout.write(JSON.stringify(out));
});
