import { FlowRouteSkeleton } from "./route-skeleton.tsx";

export default function Loading() {
  return <FlowRouteSkeleton />;
}
