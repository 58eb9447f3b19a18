import { PageSkeleton } from "../../../components/ui/skeleton.tsx";

export default function Loading() {
  return <PageSkeleton label="Loading flows…" columns={6} />;
}
