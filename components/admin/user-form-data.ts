// FormData -> the plain object the zod schemas in lib/users/user-schemas.ts parse. Shared by the
// admin forms (instant feedback) and the server actions (the check that counts).

export function createUserInput(formData: FormData) {
  return {
    email: formData.get("email"),
    name: formData.get("name"),
    password: formData.get("password"),
    roles: formData.getAll("roles"),
    groupIds: formData.getAll("groupIds"),
  };
}

export function updateUserInput(formData: FormData) {
  return {
    userId: formData.get("userId"),
    name: formData.get("name"),
    roles: formData.getAll("roles"),
    groupIds: formData.getAll("groupIds"),
  };
}

export function setActiveInput(formData: FormData) {
  const active = formData.get("active");
  return { userId: formData.get("userId"), active: active === "true" ? true : active === "false" ? false : active };
}
