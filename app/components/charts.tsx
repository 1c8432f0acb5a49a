import { lazy, Suspense, type ComponentProps } from "react";

/**
 * The dashboards' charts, loaded as their own chunk: recharts (about 110 KB gzip) stays off a
 * page's first load (issue #7). The server still renders the chart's SVG into the page (React
 * waits for the lazy module while streaming), and the browser keeps that SVG until the chunk has
 * arrived and hydrates it. The numbers are always in the table beside each chart.
 */
const GrantProgressChartModule = lazy(() =>
  import("./grant-progress-chart").then((m) => ({ default: m.GrantProgressChart })),
);
const BurnupChartModule = lazy(() => import("./burnup-chart").then((m) => ({ default: m.BurnupChart })));

function Placeholder({ title, width, height }: { title: string; width: number; height: number }) {
  return <figure className="chart" aria-label={title} aria-busy="true" style={{ width, maxWidth: "100%", height }} />;
}

export function GrantProgressChart(props: ComponentProps<typeof GrantProgressChartModule>) {
  return (
    <Suspense fallback={<Placeholder title={props.title} width={560} height={310} />}>
      <GrantProgressChartModule {...props} />
    </Suspense>
  );
}

export function BurnupChart(props: ComponentProps<typeof BurnupChartModule>) {
  return (
    <Suspense fallback={<Placeholder title={props.title} width={640} height={310} />}>
      <BurnupChartModule {...props} />
    </Suspense>
  );
}
