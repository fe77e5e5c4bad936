// Report charts: every [data-report-chart] container is drawn from its JSON island
// (analytics/partials/report_table.html, built by analytics/templatetags/analytics_charts.py)
// with Apache ECharts' SVG renderer, crisp on screen and in print. Every word on a chart
// comes from that JSON, in the page's language; the table under each chart holds every
// figure. No inline script and no HTML built from text: the CSP, and labels are data.
(function () {
  "use strict";
  if (!window.echarts) return;
  const echarts = window.echarts;

  // Okabe & Ito's palette, safe for the common colour-vision deficiencies, the colours
  // that stand out most on white first. Lines also differ by their point symbols.
  const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"];
  const SYMBOLS = ["circle", "rect", "triangle", "diamond", "roundRect", "pin", "arrow"];
  const TEXT = "#1f2933";
  const MUTED = "#616e7c";
  const GRID_LINE = "#e1e5ea";
  const AXIS_LINE = "#9aa5b1";
  const language = document.documentElement.lang || undefined;
  const percentFormat = new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 1 });
  const numberFormat = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const printing = window.matchMedia("print");
  // The drawing size on paper: an A4 or Letter page less its margins, at 96 px an inch,
  // by the chart's printed height (static/analytics/reports.css). Text stays its size.
  const PAPER = { width: 700, height: 295 };
  const drawn = new Map(); // container -> { chart, data, width }

  function valueText(data, value) {
    return data.percent ? percentFormat.format(value) : numberFormat.format(value);
  }

  // Drill-down addresses of this site only (the server sends paths; this double-checks).
  function sameSite(url) {
    if (!url) return "";
    try {
      return new URL(url, window.location.href).origin === window.location.origin ? url : "";
    } catch (error) {
      return "";
    }
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // One tooltip line: a colour dot, the series' name and the cell's text as the table shows it.
  function tipRow(color, name, text) {
    const row = element("div", "chart-tip-row");
    const dot = element("span", "chart-tip-dot");
    dot.style.backgroundColor = color; // CSSOM, which the CSP allows (no style attribute)
    row.append(dot);
    if (name) row.append(element("span", "chart-tip-name", name));
    row.append(element("span", "chart-tip-value", text));
    return row;
  }

  function rowOf(params) {
    return params.data && typeof params.data.row === "number" ? params.data.row : params.dataIndex;
  }

  function tooltip(data) {
    const formatter = function (params) {
      const list = Array.isArray(params) ? params : [params];
      if (!list.length) return "";
      const box = element("div", "chart-tip");
      const row = rowOf(list[0]);
      if (data.kind === "scatter") {
        box.append(element("div", "chart-tip-title", data.row_labels[row]));
        box.append(tipRow(list[0].color, data.x_name, data.categories[row]));
        box.append(tipRow(list[0].color, data.series[0].name, data.series[0].texts[row]));
        return box;
      }
      box.append(element("div", "chart-tip-title", data.categories[row]));
      list.forEach(function (item) {
        const series = data.series[item.seriesIndex];
        const color = typeof item.color === "string" ? item.color : PALETTE[item.seriesIndex % PALETTE.length];
        const text = series.texts[row] || "—";
        box.append(tipRow(color, data.series.length > 1 ? series.name : "", text));
      });
      return box;
    };
    return {
      trigger: data.kind === "bar" || data.kind === "stacked_bar" || data.kind === "line" ? "axis" : "item",
      axisPointer: { type: data.kind === "line" ? "line" : "shadow" },
      // Confined to the chart, so it never widens a phone's page (and gets no arrow).
      confine: true,
      backgroundColor: "#ffffff",
      borderColor: GRID_LINE,
      textStyle: { color: TEXT, fontSize: 13 },
      formatter: formatter,
    };
  }

  function valueAxis(data, name) {
    const axis = {
      type: "value",
      name: name || "",
      nameLocation: "middle",
      nameGap: 44,
      nameTextStyle: { color: MUTED },
      scale: data.kind === "scatter",
      axisLabel: {
        color: MUTED,
        formatter: function (value) {
          return valueText(data, value);
        },
      },
      splitLine: { lineStyle: { color: GRID_LINE } },
    };
    // A share axis of bars or lines ends at 100 % when the data comes near it.
    if (data.percent && (data.kind === "bar" || data.kind === "line") && highest(data) > 0.8) {
      axis.max = 1;
    }
    return axis;
  }

  function highest(data) {
    let top = 0;
    data.series.forEach(function (series) {
      series.values.forEach(function (value) {
        if (value !== null && value > top) top = value;
      });
    });
    return top;
  }

  let measure = null;
  function textWidth(text, font) {
    measure = measure || document.createElement("canvas").getContext("2d");
    measure.font = font;
    return measure.measureText(text).width;
  }

  // A bar's name sits level under it when it fits, else slanted (cut short if very long:
  // the table has it whole); up to 12 bars are all named. A line's points (months, weeks)
  // are named every few when they do not all fit.
  function categoryAxis(data, width, font) {
    const count = Math.max(1, data.categories.length);
    const slot = (width - 48) / count;
    const widest = Math.max.apply(null, data.categories.map(function (name) {
      return textWidth(name, "12px " + font);
    }).concat([0]));
    const every = data.kind === "line" || count > 12;
    const level = every || widest <= slot - 4;
    return {
      type: "category",
      data: data.categories,
      axisTick: { alignWithLabel: true },
      axisLine: { lineStyle: { color: AXIS_LINE } },
      axisLabel: {
        color: TEXT,
        interval: every ? "auto" : 0,
        hideOverlap: every,
        rotate: level ? 0 : 40,
        width: level ? undefined : Math.min(Math.ceil(widest) + 2, width < 520 ? 84 : 140),
        overflow: "truncate",
      },
    };
  }

  function cartesianSeries(data) {
    return data.series.map(function (series, index) {
      const points = series.values.map(function (value, row) {
        return { value: value, row: row };
      });
      const common = {
        name: series.name,
        data: points,
        cursor: series.drill.some(sameSite) ? "pointer" : "default",
      };
      if (data.kind === "line") {
        return Object.assign(common, {
          type: "line",
          symbol: SYMBOLS[index % SYMBOLS.length],
          symbolSize: 8,
          lineStyle: { width: 2.5 },
          connectNulls: false,
        });
      }
      return Object.assign(common, {
        type: "bar",
        stack: data.kind === "stacked_bar" ? "total" : undefined,
        barMaxWidth: 48,
        // A white edge parts stacked pieces and neighbouring bars, whatever the colours.
        itemStyle: { borderColor: "#ffffff", borderWidth: data.kind === "stacked_bar" ? 1 : 0 },
      });
    });
  }

  function option(data, width, animate) {
    const many = data.series.length > 1 && data.kind !== "funnel" && data.kind !== "scatter";
    const font = window.getComputedStyle(document.body).fontFamily;
    const base = {
      color: PALETTE,
      animation: animate && !reducedMotion,
      textStyle: { fontFamily: font, color: TEXT },
      tooltip: tooltip(data),
    };
    if (many) {
      base.legend = { type: "scroll", top: 0, left: 0, textStyle: { color: TEXT }, itemGap: 16 };
    }
    if (data.kind === "funnel") {
      const series = data.series[0];
      const phone = width < 520;
      base.series = [{
        type: "funnel",
        name: series.name,
        sort: "none",
        left: 0,
        top: 8,
        bottom: 8,
        width: phone ? "48%" : Math.min(width * 0.55, 520),
        minSize: "12%",
        gap: 2,
        cursor: series.drill.some(sameSite) ? "pointer" : "default",
        label: {
          position: "right",
          color: TEXT,
          width: Math.max(80, width * (phone ? 0.48 : 0.36)),
          overflow: "truncate",
          formatter: function (params) {
            return data.categories[params.data.row] + "  " + series.texts[params.data.row];
          },
        },
        labelLine: { lineStyle: { color: AXIS_LINE } },
        // One colour: the steps are one count narrowing, told apart by their labels.
        itemStyle: { color: PALETTE[0], borderColor: "#ffffff", borderWidth: 2 },
        data: series.values.flatMap(function (value, row) {
          return value === null ? [] : [{ name: data.categories[row], value: value, row: row }];
        }),
      }];
      return base;
    }
    base.grid = { left: 8, right: 16, top: many ? 40 : 16, bottom: data.kind === "scatter" ? 40 : 8 };
    if (data.kind === "scatter") {
      const series = data.series[0];
      // Room left and right of the points; the y axis starts at zero (counts, scores).
      base.xAxis = Object.assign(valueAxis({ kind: "scatter", percent: false }, data.x_name), {
        nameGap: 28,
        boundaryGap: ["6%", "6%"],
        splitLine: { show: false },
        axisLine: { lineStyle: { color: AXIS_LINE } },
      });
      // The y axis named over its top, level (Chinese names read badly turned).
      base.yAxis = Object.assign(valueAxis(data, series.name), {
        scale: false,
        nameLocation: "end",
        nameGap: 12,
        nameTextStyle: { color: MUTED, align: "left" },
      });
      base.grid.top = 32;
      base.series = [{
        type: "scatter",
        name: series.name,
        symbolSize: 11,
        itemStyle: { opacity: 0.85, borderColor: "#ffffff", borderWidth: 1 },
        cursor: series.drill.some(sameSite) ? "pointer" : "default",
        data: series.values.flatMap(function (value, row) {
          const x = data.x_values[row];
          return value === null || x === null ? [] : [{ value: [x, value], row: row }];
        }),
      }];
      return base;
    }
    base.xAxis = categoryAxis(data, width, font);
    base.yAxis = valueAxis(data, "");
    base.series = cartesianSeries(data);
    return base;
  }

  function draw(container) {
    if (drawn.has(container)) return;
    const island = document.getElementById(container.dataset.reportChart);
    if (!island) return;
    const data = JSON.parse(island.textContent);
    const chart = echarts.init(container, null, {
      renderer: "svg",
      locale: (language || "").toLowerCase().indexOf("zh") === 0 ? "ZH" : "EN",
    });
    // Drawn and settled (animations over): for the browser tests.
    chart.on("finished", function () {
      container.dataset.chartDrawn = "true";
    });
    // A viewBox lets the print stylesheet scale the drawing to the paper, should the
    // browser lay the printout out without telling the page (no resize to catch).
    chart.on("rendered", function () {
      const svg = container.querySelector("svg");
      const box = "0 0 " + chart.getWidth() + " " + chart.getHeight();
      if (svg && svg.getAttribute("viewBox") !== box) svg.setAttribute("viewBox", box);
    });
    chart.setOption(option(data, container.clientWidth, true));
    chart.on("click", function (params) {
      if (params.componentType !== "series") return;
      const series = data.series[data.kind === "funnel" || data.kind === "scatter" ? 0 : params.seriesIndex];
      const url = series && sameSite(series.drill[rowOf(params)]);
      if (url) window.location.assign(url);
    });
    drawn.set(container, { chart: chart, data: data, width: container.clientWidth });
    if (observer) observer.observe(container);
  }

  // A new width may need new label room (categories, funnel labels), then a new size;
  // without animation, which a printout would catch halfway. On paper, the paper's size.
  function fit(container, paper) {
    const entry = drawn.get(container);
    if (!entry) return;
    const width = paper ? PAPER.width : container.clientWidth;
    if (width && width !== entry.width) {
      entry.width = width;
      entry.chart.setOption(option(entry.data, width, false), { replaceMerge: ["series"] });
    }
    const size = paper ? PAPER : { width: "auto", height: "auto" };
    entry.chart.resize({ width: size.width, height: size.height, animation: { duration: 0 } });
  }

  function fitAll(event) {
    // "beforeprint" comes while the page still has its screen layout.
    const paper = printing.matches || (event && event.type === "beforeprint");
    drawn.forEach(function (entry, container) {
      if (container.isConnected) {
        fit(container, paper);
      } else {
        // Swapped out (htmx): let its chart go.
        if (observer) observer.unobserve(container);
        entry.chart.dispose();
        drawn.delete(container);
      }
    });
  }

  function drawIn(root) {
    if (root.matches && root.matches("[data-report-chart]")) draw(root);
    if (root.querySelectorAll) root.querySelectorAll("[data-report-chart]").forEach(draw);
  }

  let pending = 0;
  function fitSoon() {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(fitAll);
  }

  const observer = window.ResizeObserver ? new ResizeObserver(fitSoon) : null;
  drawIn(document);
  window.addEventListener("resize", fitSoon);
  // Printing lays the page out anew: draw for the paper at once, not a frame later. Where
  // the browser says nothing, reports.css scales the screen's drawing to fit instead.
  window.addEventListener("beforeprint", fitAll);
  window.addEventListener("afterprint", fitAll);
  printing.addEventListener("change", fitAll);
  // Report tables swapped in by htmx (filters) get their charts.
  document.addEventListener("htmx:load", function (event) {
    drawIn(event.detail.elt);
    fitSoon();
  });
})();
