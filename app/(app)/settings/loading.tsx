import { PageSkeleton } from "../../../components/ui/skeleton.tsx";

export default function Loading() {
  return <PageSkeleton label="Loading settings…" columns={4} rows={4} />;
}
