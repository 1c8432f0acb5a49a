import { useEffect, useRef, useState } from "react";

/**
 * The width a chart is drawn at: `full` on the server and in the first render in the browser (so
 * that hydration finds the server's SVG), then the width of the element `ref` is on, between
 * `min` and `full`, as it changes (a phone's 390 px screen, a rotated tablet). The chart is drawn
 * again at that width instead of scrolling inside its box.
 */
export function useFitWidth<T extends HTMLElement>(full: number, min = 240) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(full);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const fit = () => setWidth(Math.max(min, Math.min(full, Math.floor(el.clientWidth))));
    fit();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    return () => observer.disconnect();
  }, [full, min]);
  return { ref, width };
}
