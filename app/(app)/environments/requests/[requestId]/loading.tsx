import { PageSkeleton } from "../../../../../components/ui/skeleton.tsx";

export default function Loading() {
  return <PageSkeleton label="Loading the promotion request…" columns={2} />;
}
